using System.Xml.Linq;
using LifeWindow.Domain.Contact;
using LifeWindow.Domain.Credit;
using LifeWindow.Integration.Credit;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Telemetry;

namespace LifeWindow.Integration.Tests;

/// <summary>The funnel (docs/funnel.md): counted from what the stores hold, and drawn as SVG that parses, says every count and escapes what it is given.</summary>
public sealed class FunnelTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private readonly InMemoryFactLog facts = new();
    private readonly InMemoryDeadLetterStore deadLetters = new();
    private readonly InMemoryWindowStore windows = new();
    private readonly InMemoryContactLedger contacts = new();
    private readonly InMemoryCreditDecisionStore decisions = new();
    private readonly InMemoryLeadStore leads = new();
    private readonly InMemoryLeadOutbox outbox;

    public FunnelTests() => outbox = new InMemoryLeadOutbox(leads);

    private FunnelReader Reader() => new(facts, deadLetters, windows, contacts, decisions, leads, outbox);

    [Fact]
    public async Task ReadAsync_EmptyStores_EveryStageZeroAndEveryOutcomeListed()
    {
        var funnel = await Reader().ReadAsync(CancellationToken.None);

        Assert.Equal((0, 0, 0, 0, 0, 0, 0, 0), (funnel.Records, funnel.Facts, funnel.Customers, funnel.Windows, funnel.Offers, funnel.CreditDecisions, funnel.Leads, funnel.Outcomes));
        Assert.Equal(Enum.GetValues<CreditOutcome>(), funnel.DecisionsByOutcome.Keys.Order());
        Assert.Equal(Enum.GetValues<LeadOutcome>(), funnel.OutcomesByKind.Keys.Order());
        Assert.Empty(funnel.WindowsByRule);
        Assert.Empty(funnel.DecisionsByReason);
    }

    [Fact]
    public async Task ReadAsync_SeededStores_CountsEachStageFromItsStore()
    {
        // Fact log: k1 three records (one delivered twice, logged once), k2 two. Two refused records as dead letters.
        for (var i = 0; i < 3; i++)
        {
            await facts.AppendAsync(Consent("k1", i), Now, CancellationToken.None);
        }

        await facts.AppendAsync(Consent("k1", 0), Now.AddMinutes(1), CancellationToken.None);
        await facts.AppendAsync(Consent("k2", 0), Now, CancellationToken.None);
        await facts.AppendAsync(Consent("k2", 1), Now, CancellationToken.None);
        await deadLetters.AddAsync(DeadLetterOf("dl-1"), CancellationToken.None);
        await deadLetters.AddAsync(DeadLetterOf("dl-2"), CancellationToken.None);

        // Windows: k3 has only a window (no logged fact left), so it is a customer too.
        var k1Lump = WindowOf("k1", "LumpSumInflow");
        var k1Equity = WindowOf("k1", "HomeEquity");
        var k2Lump = WindowOf("k2", "LumpSumInflow");
        foreach (var window in new[] { k1Lump, k1Equity, k2Lump, WindowOf("k3", "IncomeRisk") })
        {
            await windows.TryAddAsync(window, CancellationToken.None);
        }

        // Offers: k1's two windows (one allowed, one refused as outranked; asking again changes nothing), k2's one.
        await DecideAsync(k1Lump, ContactVerdict.Allowed);
        await DecideAsync(k1Equity, ContactVerdict.Refused);
        await DecideAsync(k1Equity, ContactVerdict.Allowed);
        await DecideAsync(k2Lump, ContactVerdict.Deferred);

        await decisions.SaveAsync(Decision("k1", "cd-1", CreditOutcome.Approve, "AMOUNT_REDUCED"), CancellationToken.None);
        await decisions.SaveAsync(Decision("k2", "cd-2", CreditOutcome.Refer, "DTI_HIGH", "AMOUNT_REDUCED"), CancellationToken.None);
        await decisions.SaveAsync(Decision("k3", "cd-3", CreditOutcome.Decline, "BLACKLIST"), CancellationToken.None);

        // Leads: k1's sent and accepted; k2's still pending, its withdrawal sent (a withdrawal is not a delivered lead).
        var (sent, entry) = await outbox.EnqueueLeadAsync(LeadOf(k1Lump), Now, CancellationToken.None);
        Assert.NotNull(await outbox.TryUpdateAsync(entry with { Status = OutboxStatus.Sent, SentAt = Now }, CancellationToken.None));
        await leads.RecordOutcomeAsync("k1", sent.LeadId, LeadOutcome.Accepted, Now, CancellationToken.None);
        var (pending, _) = await outbox.EnqueueLeadAsync(LeadOf(k2Lump), Now, CancellationToken.None);
        var withdrawal = await outbox.EnqueueWithdrawalAsync(pending, "WindowSuppressed", Now, CancellationToken.None);
        Assert.NotNull(await outbox.TryUpdateAsync(withdrawal with { Status = OutboxStatus.Sent, SentAt = Now }, CancellationToken.None));
        await leads.RecordOutcomeAsync("k2", pending.LeadId, LeadOutcome.Withdrawn, Now, CancellationToken.None);

        var funnel = await Reader().ReadAsync(CancellationToken.None);

        Assert.Equal((5, 2, 7, 5), (funnel.RecordsAccepted, funnel.RecordsRejected, funnel.Records, funnel.Facts));
        Assert.Equal(3, funnel.Customers);
        Assert.Equal(4, funnel.Windows);
        Assert.Equal([("HomeEquity", 1), ("IncomeRisk", 1), ("LumpSumInflow", 2)], funnel.WindowsByRule.Select(r => (r.Key, r.Value)));
        Assert.Equal((3, 2), (funnel.Offers, funnel.OffersContacted));
        Assert.Equal(3, funnel.CreditDecisions);
        Assert.Equal((1, 1, 1), (funnel.DecisionsByOutcome[CreditOutcome.Approve], funnel.DecisionsByOutcome[CreditOutcome.Decline], funnel.DecisionsByOutcome[CreditOutcome.Refer]));
        Assert.Equal([("AMOUNT_REDUCED", 2), ("BLACKLIST", 1), ("DTI_HIGH", 1)], funnel.DecisionsByReason.Select(r => (r.Key, r.Value)));
        Assert.Equal((2, 1), (funnel.Leads, funnel.LeadsDelivered));
        Assert.Equal(2, funnel.Outcomes);
        Assert.Equal((1, 1, 0), (funnel.OutcomesByKind[LeadOutcome.Accepted], funnel.OutcomesByKind[LeadOutcome.Withdrawn], funnel.OutcomesByKind[LeadOutcome.Declined]));

        // The table says the same.
        var table = FunnelPicture.Table(funnel);
        Assert.Contains(table, l => l.StartsWith("records ", StringComparison.Ordinal) && l.Contains(" 7  记录", StringComparison.Ordinal));
        Assert.Contains(table, l => l.Contains("LumpSumInflow", StringComparison.Ordinal) && l.EndsWith(" 2", StringComparison.Ordinal));
        Assert.Contains(table, l => l.Contains("leads delivered", StringComparison.Ordinal) && l.Contains(" 1  (sent", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Funnel_IsSvgWithSizeFontsAndEveryStageLabelAndCount()
    {
        var funnel = Sample();
        var document = XDocument.Parse(FunnelPicture.Render(funnel));
        var svg = document.Root!;

        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("1240", svg.Attribute("width")!.Value);
        Assert.Equal($"0 0 1240 {svg.Attribute("height")!.Value}", svg.Attribute("viewBox")!.Value);
        Assert.StartsWith("'Noto Sans CJK SC'", svg.Attribute("font-family")!.Value, StringComparison.Ordinal);
        Assert.EndsWith("sans-serif", svg.Attribute("font-family")!.Value, StringComparison.Ordinal);

        Assert.Equal(["记录", "事实", "窗口", "报价", "授信决策", "线索", "结果"], FunnelPicture.Stages(funnel).Select(s => s.Label));
        foreach (var stage in FunnelPicture.Stages(funnel))
        {
            // Each stage is a group titled with its label and count, showing both, a box, and its notes.
            var group = Assert.Single(svg.Elements(Svg + "g"), g => g.Element(Svg + "title")?.Value == $"{stage.Label} ({stage.Name}): {stage.Count}");
            var texts = group.Elements(Svg + "text").Select(t => t.Value).ToList();
            Assert.Equal(stage.Label, texts[0]);
            Assert.Equal(stage.Count.ToString(CultureInfo.InvariantCulture), texts[1]);
            Assert.Equal(stage.Notes, texts.Skip(2));
            Assert.Single(group.Elements(Svg + "rect"));
        }

        var allText = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("批准 5", allText);
        Assert.Contains("转介 2", allText);
        Assert.Contains("接受 3", allText);
        Assert.Contains("各规则窗口数", allText);
        Assert.Contains("授信决策原因码", allText);

        // A bar per rule and per reason code, titled with the full key and count.
        var bars = svg.Elements(Svg + "g").Select(g => g.Element(Svg + "title")!.Value).ToList();
        Assert.Contains("HomeEquity: 5", bars);
        Assert.Contains("IncomeUpgrade: 3", bars);
        Assert.Contains("AMOUNT_REDUCED: 7", bars);
    }

    [Fact]
    public void Render_SameCounts_SameBytes_WhateverTheOrderTheyCameIn()
    {
        var funnel = Sample();
        var reordered = funnel with
        {
            WindowsByRule = funnel.WindowsByRule.Reverse().ToDictionary(),
            DecisionsByReason = funnel.DecisionsByReason.Reverse().ToDictionary(),
            OutcomesByKind = funnel.OutcomesByKind.Reverse().ToDictionary(),
        };

        Assert.Equal(FunnelPicture.Render(funnel), FunnelPicture.Render(reordered));
        Assert.Equal(FunnelPicture.Table(funnel), FunnelPicture.Table(funnel));
        Assert.NotEqual(FunnelPicture.Render(funnel), FunnelPicture.Render(funnel with { LeadsDelivered = funnel.LeadsDelivered - 1 }));
    }

    [Fact]
    public void Render_HostileRuleIdsAndReasonCodes_AreEscapedTextNotMarkup()
    {
        const string Script = "<script>alert('x')</script>&\"";
        const string Cdata = "]]><svg onload=\"x\">";
        var funnel = Sample() with
        {
            WindowsByRule = new Dictionary<string, int>(StringComparer.Ordinal) { [Script] = 2, ["rule\u0001bell"] = 1 },
            DecisionsByReason = new Dictionary<string, int>(StringComparer.Ordinal) { [Cdata] = 4 },
        };

        var text = FunnelPicture.Render(funnel);
        var svg = XDocument.Parse(text).Root!;

        Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", text, StringComparison.Ordinal);
        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "script" || e.Attributes().Any(a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal)));
        var titles = svg.Elements(Svg + "g").Select(g => g.Element(Svg + "title")!.Value).ToList();
        Assert.Contains(Script + ": 2", titles);
        Assert.Contains(Cdata + ": 4", titles);
        Assert.Contains("rule\uFFFDbell: 1", titles); // a control character XML cannot hold is replaced, not written
    }

    [Fact]
    public void Render_MoreReasonCodesThanRows_SumsTheRestIntoOneRow()
    {
        var reasons = Enumerable.Range(1, 15).ToDictionary(i => $"R{i:D2}", i => i, StringComparer.Ordinal);
        var svg = XDocument.Parse(FunnelPicture.Render(Sample() with { DecisionsByReason = reasons })).Root!;
        var titles = svg.Elements(Svg + "g").Select(g => g.Element(Svg + "title")!.Value).ToList();

        Assert.Contains("R15: 15", titles);
        Assert.Contains("R05: 5", titles);
        Assert.DoesNotContain("R04: 4", titles);
        Assert.Contains("其他 4 项: 10", titles); // R01..R04
    }

    private static Funnel Sample() => new(
        RecordsAccepted: 365,
        RecordsRejected: 1,
        Customers: 11,
        WindowsByRule: new SortedDictionary<string, int>(StringComparer.Ordinal) { ["HomeEquity"] = 5, ["IncomeUpgrade"] = 3, ["LumpSumInflow"] = 1 },
        Offers: 9,
        OffersContacted: 8,
        DecisionsByOutcome: new Dictionary<CreditOutcome, int> { [CreditOutcome.Approve] = 5, [CreditOutcome.Decline] = 1, [CreditOutcome.Refer] = 2 },
        DecisionsByReason: new SortedDictionary<string, int>(StringComparer.Ordinal) { ["AMOUNT_REDUCED"] = 7, ["DTI_HIGH"] = 2 },
        Leads: 8,
        LeadsDelivered: 7,
        OutcomesByKind: Enum.GetValues<LeadOutcome>().ToDictionary(o => o, o => o == LeadOutcome.Accepted ? 3 : (int)o));

    private static ConsentRecord Consent(string customer, int n) => new()
    {
        RecordId = $"CS-{customer}-{n}", CustomerKey = customer, EvidenceHash = $"ev-{customer}-{n}", Purpose = ConsentPurpose.Marketing,
        Source = ConsentSource.ProvidentFund, Action = ConsentAction.Granted, EvidenceId = "esign-1", At = Now,
    };

    private static DeadLetter DeadLetterOf(string id) => new()
    {
        Id = id, Feed = "provident-fund", EventType = "provident-fund.contribution", Partner = "gjj_shanghai", Mode = IngressMode.Webhook,
        DeliveryId = "msg-" + id, Path = "data", Reason = "data.idNumber: check digit", EvidenceHash = "dl-" + id, ReceivedAt = Now, ProtectedPayload = "x",
    };

    private static Window WindowOf(string customer, string rule) =>
        SampleWindows.LumpSum(customer) with { WindowId = Window.IdFor(customer, rule, "2026-11"), RuleId = rule };

    private Task<ContactDecision> DecideAsync(Window window, ContactVerdict verdict) =>
        contacts.DecideAsync(
            window.CustomerKey,
            new ContactEntry(window.WindowId, "WealthOutreach", OfferKind.Wealth, true, Now, new ContactDecision(ContactVerdict.Allowed, string.Empty)),
            _ => new ContactDecision(verdict, verdict.ToString()),
            CancellationToken.None);

    private static CreditDecisionRecord Decision(string customer, string id, CreditOutcome outcome, params string[] reasons)
    {
        var evaluation = CreditEvaluator.Evaluate(new CreditPolicy(), new ApplicantFacts { CustomerKey = customer, MonthlyIncome = 30_000m, ProvidentFundStatus = "Normal", Exposure = ExposureSummary.None }, 100_000m);
        return new CreditDecisionRecord
        {
            DecisionId = id, ApplicationId = "a-" + id, CustomerKey = customer, Product = "RevolvingLine", Outcome = outcome, RequestedAmount = 100_000m,
            ApprovedAmount = 0m, AnnualRatePct = 0m, ReasonCodes = reasons, Evaluation = evaluation, PolicyVersion = "credit-v1", DecidedAt = Now,
        };
    }

    private static Lead LeadOf(Window window) => new()
    {
        LeadId = Lead.IdFor(window.WindowId), WindowId = window.WindowId, CustomerKey = window.CustomerKey, RuleId = window.RuleId, CatalogVersion = "v1",
        OfferId = "WealthOutreach", OfferName = "财富客户经理外呼", Script = "您好", Reasons = ["r"], Evidence = ["ev"], CreatedAt = Now, RespondBy = Now.AddDays(7),
    };
}
