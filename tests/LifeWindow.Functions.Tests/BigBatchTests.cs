using LifeWindow.LocalHost.Hosting;

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

/// <summary>The largest deliveries we accept, unreadable: a 400 and a dead letter that fits a Table row, never a 503.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class BigUnreadableDeliveryTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_UnreadableBodyUpToTheLimit_Is400AndKeptOnTables(bool nearTheLimit)
    {
        await using var host = await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString);
        var length = nearTheLimit ? host.Get<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.MaxBodyBytes - 100 : 100_000;
        var random = new Random(7);
        var body = new string([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(33, 127))]);

        using var response = await RawSigner.Partner(host, "gjj_shanghai").SendAsync("/api/feeds/provident-fund", "msg_unreadable_" + length, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var letter = Assert.Single(await host.Get<IDeadLetterStore>().ListAsync("provident-fund", null, CancellationToken.None).ToListAsync());
        var kept = host.Get<PayloadProtector>().Unprotect(letter.ProtectedPayload);
        Assert.Equal(nearTheLimit ? body.Length : null, letter.PayloadTruncatedFrom);
        Assert.Equal(nearTheLimit ? body[..DeadLetter.MaxKeptPayloadChars] : body, kept);

        // Azurite does not enforce it, Azure does: a row holds 1 MiB, strings counted as UTF-16.
        Assert.True(JsonSerializer.Serialize(letter).Length * 2 < 1_048_576 / 2, "the dead letter must leave room in its Table row");
    }
}
