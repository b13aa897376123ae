using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LifeWindow.Domain.Identity;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Webhooks;
using LifeWindow.LocalHost.Hosting;
using LifeWindow.Tests.Shared;

namespace LifeWindow.Functions.Tests;

/// <summary>
/// Batches at the 500-record limit: the answer (far more than the 32K characters a Table string property
/// holds) is remembered, so a redelivery of the webhook-id replays it byte for byte.
/// </summary>
internal static class BigBatch
{
    public const string Path = "/api/feeds/provident-fund";
    public const int Size = 500;

    /// <summary>500 records of 500 people; invalid ones are wrong in seven fields each (the largest answer).</summary>
    public static JsonArray Records(string prefix, bool invalid) => new(Enumerable.Range(0, Size).Select(i =>
    {
        var first17 = "31010419880512" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        var check = ResidentIdNumber.CheckCharacter(first17);
        var record = SignedRequests.Contribution($"{prefix}-{i:D3}", first17 + check);
        if (invalid)
        {
            record["idNumber"] = first17 + (check == '0' ? '1' : '0');
            record["contributionBase"] = -1;
            record["status"] = "Unknown";
            record["employeeRate"] = 0.5m;
            record["balance"] = -1;
            record["period"] = "2026-13";
            record["reportedAt"] = "9999-01-01T00:00:00+08:00";
        }

        return (JsonNode)record;
    }).ToArray());

    public static async Task AnsweredAndReplayedAsync(RunningHost host, string webhookId, bool invalid)
    {
        var partner = SignedRequests.Partner(host, "gjj_shanghai");
        var body = SignedRequests.Envelope(Records(webhookId, invalid));

        using var first = await partner.SendAsync(Path, webhookId, body);
        var answer = await first.Content.ReadAsStringAsync();
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"{first.StatusCode}: {answer}");
        var result = JsonDocument.Parse(answer).RootElement;
        Assert.Equal(invalid ? 0 : Size, result.GetProperty("accepted").GetInt32());
        Assert.Equal(invalid ? Size : 0, result.GetProperty("rejected").GetInt32());
        Assert.True(answer.Length > 32 * 1024, $"the answer is {answer.Length} characters");
        if (invalid)
        {
            var last = result.GetProperty("records")[Size - 1];
            Assert.Equal(7, last.GetProperty("errors").EnumerateObject().Count());
            Assert.NotNull(await host.Get<IDeadLetterStore>().GetAsync(last.GetProperty("deadLetterId").GetString()!, CancellationToken.None));
        }

        using var again = await partner.SendAsync(Path, webhookId, body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(answer, await again.Content.ReadAsStringAsync());
        Assert.True(again.Headers.Contains("webhook-replayed"));
        Assert.False(first.Headers.Contains("webhook-replayed"));
    }
}

public sealed class BigBatchTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Batch500_InMemoryLedger_Is200AndARedeliveryReplaysTheSameBody(bool allInvalid)
    {
        Assert.IsType<InMemoryWebhookLedger>(host.Get<IWebhookLedger>());
        await BigBatch.AnsweredAndReplayedAsync(host, allInvalid ? "msg_big_invalid" : "msg_big_valid", allInvalid);
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(60));
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class BigBatchAzuriteTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Batch500_TableLedger_Is200AndARedeliveryReplaysTheSameBody(bool allInvalid)
    {
        await using var host = await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString);
        Assert.IsType<TableWebhookLedger>(host.Get<IWebhookLedger>());
        await BigBatch.AnsweredAndReplayedAsync(host, allInvalid ? "msg_big_invalid" : "msg_big_valid", allInvalid);
    }
}
