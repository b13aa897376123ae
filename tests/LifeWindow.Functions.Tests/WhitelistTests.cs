using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using LifeWindow.Functions.Ingress;
using LifeWindow.Integration.Batch;
using LifeWindow.Integration.Tokenization;
using LifeWindow.Sandbox.Partners;

namespace LifeWindow.Functions.Tests;

/// <summary>Passes everything to the host's in-memory stream and remembers it, so a test sees what reached the stream.</summary>
internal sealed class RecordingFeedStream(IFeedStream inner) : IFeedStream
{
    public ConcurrentQueue<FeedMessage> Published { get; } = new();

    public async Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
    {
        await inner.PublishAsync(message, cancellationToken);
        Published.Enqueue(message);
    }
}

internal static class WhitelistHost
{
    public static string Sample(string name) => Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "consumption-scenes", name);

    public static async Task<(RunningHost Host, RecordingFeedStream Stream)> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        RecordingFeedStream? stream = null;
        var host = await RunningHost.StartAsync(overrides: overrides, configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IFeedStream>(sp => stream = new RecordingFeedStream(sp.GetRequiredService<InMemoryFeedStream>()))));
        await WhitelistSamples.SeedMatchIndexAsync(host.Get<CustomerKeyTokenizer>(), host.Get<IMatchIndex>(), TimeProvider.System, CancellationToken.None);

        // The decorator is made when the stream is first resolved; make it now so the test holds it.
        _ = host.Get<IFeedStream>();
        return (host, stream!);
    }
}

/// <summary>POST /api/feeds/consumption-scenes with the samples, signed by the demo partner "meituan".</summary>
public sealed class WhitelistWebhookTests : IAsyncLifetime
{
    private const string Path = "/api/feeds/consumption-scenes";
    private RunningHost host = null!;
    private RecordingFeedStream stream = null!;

    public async Task InitializeAsync() => (host, stream) = await WhitelistHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendSampleAsync(string sample, string id)
    {
        using var response = await SignedRequests.Partner(host, WhitelistSamples.Partner).SendAsync(Path, id, await File.ReadAllTextAsync(WhitelistHost.Sample(sample)));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task Post_Sample_Is202AndTheRecordReachesTheStreamUnderTheCustomersKey()
    {
        var (status, body) = await SendSampleAsync("whitelist.json", "msg_wl_1");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("accepted", body.GetProperty("records")[0].GetProperty("status").GetString());
        var record = Assert.IsType<ConsumptionSceneRecord>(Assert.Single(stream.Published).Record);
        Assert.StartsWith("k1-", record.CustomerKey, StringComparison.Ordinal);
        Assert.Equal([ConsumptionScene.MaternalBaby, ConsumptionScene.Dining], record.Scenes.Select(s => s.Scene));
    }

    [Fact]
    public async Task Post_BatchSample_Is200WithTheStrangerRejectedAsUnmatched()
    {
        var (status, body) = await SendSampleAsync("whitelist-batch.json", "msg_wl_2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((2, 1), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejected").GetInt32()));
        var rejected = body.GetProperty("records")[2];
        Assert.Contains("matches no customer", rejected.GetProperty("errors").GetProperty("data[2].matchToken")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_InvalidSample_Is400NamingEveryField()
    {
        var (status, body) = await SendSampleAsync("whitelist-invalid.json", "msg_wl_3");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            ["data.matchKind", "data.matchToken", "data.period", "data.scenes.Shopping", "data.scenes.Travel.orderCount", "data.scenes.Travel.spendBand"],
            body.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Empty(stream.Published);
    }
}

/// <summary>The blob-drop function against Azurite blobs: a file uploaded, the queue message handed to the function class.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class WhitelistBlobImportFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string container = AzuriteFixture.UniqueName("wl");
    private readonly string reports = AzuriteFixture.UniqueName("wlreports");
    private RunningHost host = null!;
    private RecordingFeedStream stream = null!;

    public async Task InitializeAsync()
    {
        (host, stream) = await WhitelistHost.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["BatchImport:ReportContainer"] = reports,
        });
        await new BlobContainerClient(azurite.ConnectionString, container).CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await new BlobContainerClient(azurite.ConnectionString, container).DeleteIfExistsAsync();
        await new BlobContainerClient(azurite.ConnectionString, reports).DeleteIfExistsAsync();
        await host.DisposeAsync();
    }

    private async Task UploadAsync(string blobName, string sample) =>
        await new BlobContainerClient(azurite.ConnectionString, container).GetBlobClient(blobName).UploadAsync(WhitelistHost.Sample(sample), overwrite: true);

    private static string BlobCreated(string container, string blobName) => JsonSerializer.Serialize(new
    {
        topic = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
        subject = $"/blobServices/default/containers/{container}/blobs/{blobName}",
        eventType = WhitelistDrop.BlobCreated,
        id = Guid.NewGuid().ToString(),
        data = new { api = "PutBlob", url = $"http://127.0.0.1/devstoreaccount1/{container}/{blobName}" },
        dataVersion = string.Empty,
        metadataVersion = "1",
        eventTime = DateTimeOffset.UtcNow,
    });

    private WhitelistBlobImportFunction Function() => ActivatorUtilities.CreateInstance<WhitelistBlobImportFunction>(host.Services);

    [Fact]
    public async Task Run_CsvDroppedInAPartnerFolder_IsImportedAndReported()
    {
        await UploadAsync("meituan/2026-10.csv", "whitelist.csv");

        var report = await Function().Run(BlobCreated(container, "meituan/2026-10.csv"), CancellationToken.None);

        Assert.Equal((7L, 3L, 2L, 1L), (report.LinesRead, report.Accepted, report.Rejected, report.Unmatched));
        Assert.Equal(["MT-202610-000001", "MT-202610-000002", "MT-202610-000003"], stream.Published.Select(m => m.Record.RecordId).Order(StringComparer.Ordinal));
        Assert.All(stream.Published, m => Assert.Equal(("consumption-scenes", $"{container}/meituan/2026-10.csv"), (m.Feed, m.DeliveryId)));
        var saved = await host.Get<BlobWhitelistImport>().ReadReportAsync(new WhitelistDrop(container, "meituan/2026-10.csv", "meituan", WhitelistFormat.Csv), CancellationToken.None);
        Assert.NotNull(saved);
        Assert.Equal((report.Accepted, report.Rejected, report.Unmatched, report.FileName), (saved.Accepted, saved.Rejected, saved.Unmatched, saved.FileName));
        Assert.Equal(["line 6", "line 7"], saved.SampleRejections.Select(r => r.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Run_NdjsonNamedByAnUploadToolMessage_IsImported()
    {
        await UploadAsync("2026/10/export.txt", "whitelist.ndjson");
        var message = JsonSerializer.Serialize(new { container, blobName = "2026/10/export.txt", partner = "meituan", format = "ndjson" });

        var report = await Function().Run(message, CancellationToken.None);

        Assert.Equal((7L, 1L, 3L, 2L, 1L), (report.LinesRead, report.BlankLines, report.Accepted, report.Rejected, report.Unmatched));
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Run_BlobMissing_FailsForThePoisonQueueNamingTheBlob()
    {
        var ex = await Assert.ThrowsAsync<InvalidWhitelistDropException>(() => Function().Run(BlobCreated(container, "meituan/nothing.csv"), CancellationToken.None));
        Assert.Contains("meituan/nothing.csv", ex.Message, StringComparison.Ordinal);
        Assert.Empty(stream.Published);
    }
}
