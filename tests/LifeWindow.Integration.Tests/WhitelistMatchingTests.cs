using LifeWindow.Integration.Feeds.ConsumptionScenes;
using LifeWindow.Integration.Feeds.ProvidentFund;

namespace LifeWindow.Integration.Tests;

/// <summary>Whitelist records through FeedIngestor: the token is resolved for the sending partner, or the record is rejected as unmatched.</summary>
public sealed class WhitelistMatchingTests : IDisposable
{
    private readonly IngressHarness harness = IngressHarness.Create();

    public void Dispose() => harness.Dispose();

    private Task<RecordResult> IngestAsync(JsonNode data, string partner = IngressHarness.Meituan)
    {
        using var doc = JsonDocument.Parse(data.ToJsonString());
        return harness.Get<FeedIngestor>().IngestAsync(
            new IngestSource(ConsumptionSceneParser.FeedName, partner, IngressMode.Webhook, "msg_1"), harness.Get<ConsumptionSceneParser>(), doc.RootElement.Clone(), "data", CancellationToken.None);
    }

    [Fact]
    public async Task Ingest_TokenOfAKnownId_ResolvesToTheCustomerKey()
    {
        var customerKey = await harness.KnowCustomerAsync(TestData.IdNumber);

        var result = await IngestAsync(Whitelist.ForId("MT-1", TestData.IdNumber));

        Assert.True(result.IsAccepted, string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? []));
        var record = Assert.IsType<ConsumptionSceneRecord>(Assert.Single(harness.Stream.Messages).Record);
        Assert.Equal(customerKey, record.CustomerKey);
        Assert.Null(record.PendingMatch);
    }

    [Fact]
    public async Task Ingest_TokenOfAKnownPhone_ResolvesToTheCustomerKey()
    {
        var customerKey = await harness.KnowCustomerAsync(TestData.IdNumber, phone: "13900001111");
        var token = Whitelist.Token(IngressHarness.MeituanKey, WhitelistMatchKind.Phone, "13900001111");

        var result = await IngestAsync(Whitelist.Record("MT-2", WhitelistMatchKind.Phone, token));

        Assert.True(result.IsAccepted);
        Assert.Equal(customerKey, Assert.Single(harness.Stream.Messages).Record.CustomerKey);
    }

    [Fact]
    public async Task Ingest_CustomerSeenInAnotherFeed_MatchesThroughTheIndexThatFeedFilled()
    {
        // The real order of events: a provident-fund record names the customer by ID, ingress indexes the partners' tokens for it.
        using (var pf = JsonDocument.Parse(TestData.Contribution().ToJsonString()))
        {
            var contribution = await harness.Get<FeedIngestor>().IngestAsync(new IngestSource("provident-fund", "gjj", IngressMode.Webhook, "msg_pf"), new ProvidentFundParser(), pf.RootElement.Clone(), "data", CancellationToken.None);
            Assert.True(contribution.IsAccepted);
        }

        var result = await IngestAsync(Whitelist.ForId("MT-3", TestData.IdNumber));

        Assert.True(result.IsAccepted);
        var keys = harness.Stream.Messages.Select(m => m.Record.CustomerKey).ToList();
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task Ingest_UnknownToken_IsRejectedAsUnmatchedAndKept()
    {
        await harness.KnowCustomerAsync(TestData.IdNumber);

        var result = await IngestAsync(Whitelist.ForId("MT-4", Whitelist.IdNumber(7)));

        Assert.False(result.IsAccepted);
        Assert.True(ConsumptionSceneMatchCheck.IsUnmatched(result.Errors), string.Join("; ", result.Errors!.SelectMany(e => e.Value)));
        Assert.Contains("matches no customer", result.Errors!["data.matchToken"][0], StringComparison.Ordinal);
        Assert.Empty(harness.Stream.Messages);
        Assert.NotNull(await harness.Get<IDeadLetterStore>().GetAsync(result.DeadLetterId!, CancellationToken.None));
    }

    [Fact]
    public async Task Ingest_TokenMadeWithAnotherPartnersKey_DoesNotMatch()
    {
        await harness.KnowCustomerAsync(TestData.IdNumber);

        // jd's token for a customer we know, sent by meituan: a token is only meaningful under the sender's key.
        var result = await IngestAsync(Whitelist.ForId("MT-5", TestData.IdNumber, key: IngressHarness.JdKey));
        var asJd = await IngestAsync(Whitelist.ForId("JD-5", TestData.IdNumber, key: IngressHarness.JdKey), partner: IngressHarness.Jd);

        Assert.True(ConsumptionSceneMatchCheck.IsUnmatched(result.Errors));
        Assert.True(asJd.IsAccepted);
    }

    [Fact]
    public async Task Ingest_PartnerWithoutMatchingKey_IsRejectedSayingSo()
    {
        await harness.KnowCustomerAsync(TestData.IdNumber);

        var result = await IngestAsync(Whitelist.ForId("X-1", TestData.IdNumber), partner: "taobao");

        Assert.False(result.IsAccepted);
        Assert.Contains("no matching key", result.Errors!["data.matchToken"][0], StringComparison.Ordinal);
        Assert.False(ConsumptionSceneMatchCheck.IsUnmatched(result.Errors));
    }

    [Fact]
    public async Task Ingest_InvalidRecord_NeverReachesTheMatchCheck()
    {
        var data = Whitelist.ForId("MT-6", TestData.IdNumber);
        data["period"] = "2026-13";

        var result = await IngestAsync(data);

        Assert.Equal(["data.period"], result.Errors!.Keys);
    }
}
