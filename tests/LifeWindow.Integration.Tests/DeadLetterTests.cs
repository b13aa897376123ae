using System.Security.Cryptography;

namespace LifeWindow.Integration.Tests;

public class DeadLetterTests
{
    private static PayloadProtector Protector(string currentKeyId = "d1") => new(Options.Create(new DeadLetterOptions
    {
        KeyId = currentKeyId,
        Keys = { ["d1"] = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray()), ["d2"] = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray()) },
    }));

    [Fact]
    public void Protector_RoundTripsAndHidesThePayload()
    {
        const string payload = "{\"idNumber\":\"310104198805120030\"}";
        var sealedText = Protector().Protect(payload);
        Assert.StartsWith("d1.", sealedText, StringComparison.Ordinal);
        Assert.DoesNotContain("3101041988", sealedText, StringComparison.Ordinal);
        Assert.Equal(payload, Protector().Unprotect(sealedText));
        Assert.NotEqual(sealedText, Protector().Protect(payload));
    }

    [Fact]
    public void Protector_AfterKeyRotation_StillReadsOldPayloads() =>
        Assert.Equal("x", Protector("d2").Unprotect(Protector("d1").Protect("x")));

    [Fact]
    public void Protector_TamperedPayload_IsRefused()
    {
        var sealedText = Protector().Protect("payload");
        var bytes = Convert.FromBase64String(sealedText[3..]);
        bytes[^1] ^= 0xFF;
        Assert.ThrowsAny<CryptographicException>(() => Protector().Unprotect("d1." + Convert.ToBase64String(bytes)));
    }

    [Fact]
    public void Protector_UnknownCurrentKey_FailsAtStartUp() =>
        Assert.Throws<OptionsValidationException>(() => Protector("d9"));

    /// <summary>A record dated in a month the bank has not reached yet (a partner clock ahead of ours) is refused; once the month comes, resubmitting it passes.</summary>
    [Fact]
    public async Task Resubmit_AfterTheCauseIsFixed_AcceptsTheRecordAndMarksTheLetter()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 20, 2, 0, 0, TimeSpan.Zero));
        using var host = IntegrationHost.Build(time);
        var ingestor = host.Get<FeedIngestor>();
        var parser = host.Get<FeedParsers>().Find("provident-fund", "provident-fund.contribution")!;
        var data = TestData.Contribution();
        data["period"] = "2026-11";
        using var doc = JsonDocument.Parse(data.ToJsonString());

        var first = await ingestor.IngestAsync(new IngestSource("provident-fund", "gjj", IngressMode.Webhook, "msg_1"), parser, doc.RootElement, "data", CancellationToken.None);
        Assert.False(first.IsAccepted);
        Assert.Contains("data.period", first.Errors!.Keys);

        var service = host.Get<DeadLetterService>();
        var letter = Assert.Single(await service.ListAsync("provident-fund", DeadLetterStatus.Open, CancellationToken.None).ToListAsync());
        Assert.Equal(first.DeadLetterId, letter.Id);
        Assert.Equal("gjj", letter.Partner);
        Assert.Equal(first.EvidenceHash, letter.EvidenceHash);
        Assert.Contains("data.period", letter.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.IdNumber, JsonSerializer.Serialize(letter), StringComparison.Ordinal);

        var tooEarly = await service.ResubmitAsync(letter.Id, CancellationToken.None);
        Assert.Equal(ResubmitStatus.StillRejected, tooEarly.Status);
        Assert.Single(await service.ListAsync(null, null, CancellationToken.None).ToListAsync());

        time.Advance(TimeSpan.FromDays(15));
        var resubmitted = await service.ResubmitAsync(letter.Id, CancellationToken.None);
        Assert.Equal(ResubmitStatus.Accepted, resubmitted.Status);
        Assert.Equal(1, host.Get<InMemoryFeedStream>().Pending);
        Assert.Equal(DeadLetterStatus.Resubmitted, (await host.Get<IDeadLetterStore>().GetAsync(letter.Id, CancellationToken.None))!.Status);
        Assert.Equal(ResubmitStatus.AlreadyResubmitted, (await service.ResubmitAsync(letter.Id, CancellationToken.None)).Status);
        Assert.Equal(ResubmitStatus.NotFound, (await service.ResubmitAsync("dl-nope", CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Reject_UnreadableDelivery_IsKeptButCannotBeResubmittedAsARecord()
    {
        using var host = IntegrationHost.Build(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var errors = new ValidationErrors();
        errors.Add("$", "the body is not valid JSON");
        var letter = await host.Get<FeedIngestor>().RejectAsync(new IngestSource("provident-fund", "gjj", IngressMode.Webhook, "msg_2"), null, "$", "{not json", errors, null, CancellationToken.None);

        Assert.Equal(ResubmitStatus.NotARecord, (await host.Get<DeadLetterService>().ResubmitAsync(letter.Id, CancellationToken.None)).Status);
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class TableDeadLetterStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Store_AddListFilterUpdateAndPurge()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        using var host = IntegrationHost.Build(time, azurite.ConnectionString);
        var store = host.Get<IDeadLetterStore>();
        Assert.IsType<TableDeadLetterStore>(store);

        DeadLetter Letter(string feed, DateTimeOffset at) => new()
        {
            Id = DeadLetterIds.New(at), Feed = feed, EventType = $"{feed}.x", Partner = "p", Mode = IngressMode.Batch, DeliveryId = "file.csv",
            Path = "line 7", Reason = "data.x: bad", Errors = new Dictionary<string, string[]> { ["data.x"] = ["bad"] }, EvidenceHash = "e",
            ReceivedAt = at, ProtectedPayload = "d1.AAAA",
        };

        var old = Letter("tax", time.GetUtcNow().AddDays(-40));
        var recent = Letter("bank", time.GetUtcNow());
        await store.AddAsync(recent, CancellationToken.None);
        await store.AddAsync(old, CancellationToken.None);

        Assert.Equal([old.Id, recent.Id], (await store.ListAsync(null, null, CancellationToken.None).ToListAsync()).Select(l => l.Id));
        Assert.Equal(recent.Id, Assert.Single(await store.ListAsync("bank", DeadLetterStatus.Open, CancellationToken.None).ToListAsync()).Id);
        Assert.Equal(["bad"], (await store.GetAsync(old.Id, CancellationToken.None))!.Errors["data.x"]);

        await store.UpdateAsync(recent with { Status = DeadLetterStatus.Resubmitted }, CancellationToken.None);
        Assert.Empty(await store.ListAsync("bank", DeadLetterStatus.Open, CancellationToken.None).ToListAsync());

        Assert.Equal(1, await store.PurgeAsync(time.GetUtcNow().AddDays(-30), CancellationToken.None));
        Assert.Null(await store.GetAsync(old.Id, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(recent.Id, CancellationToken.None));
    }
}
