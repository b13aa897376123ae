using System.Net;
using LifeWindow.Domain.Contact;
using LifeWindow.Domain.Credit;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Pulls;
using LifeWindow.Integration.Storage;
using LifeWindow.Sandbox.Partners;

namespace LifeWindow.Demo;

public sealed class DemoReport
{
    /// <summary>What the demo did as the bank's back office (income documents and reviews, credit approvals), in order.</summary>
    public IReadOnlyList<string> BackOfficeActions { get; set; } = [];

    public int LifeEventProvidentSent { get; set; }

    public int LifeEventProvidentAccepted { get; set; }

    /// <summary>The credit offers' decisions (sub-orchestration "cd-" + window id).</summary>
    public List<CreditDecisionResult> CreditDecisions { get; } = [];

    public int Accepted { get; set; }

    public int Rejected { get; set; }

    public int Replayed { get; set; }

    /// <summary>Bank-feed (life-event) webhooks sent, and those answered 202.</summary>
    public int BankSent { get; set; }

    public int ConsentsSent { get; set; }

    public int ConsentsAccepted { get; set; }

    public int BankAccepted { get; set; }

    public int OutcomesAccepted { get; set; }

    /// <summary>Distinct leads the CRM sink holds, and the deliveries it received (a redelivery would count twice).</summary>
    public int CrmLeads { get; set; }

    public int CrmDeliveries { get; set; }

    /// <summary>lifewindow.lead.withdrawn events the CRM got: one per delivered lead whose window closed under it.</summary>
    public int CrmWithdrawals { get; set; }

    public IReadOnlyList<SampleCustomer> Customers { get; set; } = [];

    public IReadOnlyList<LifeEventCustomer> LifeEvents { get; set; } = [];

    /// <summary>Every demo customer and exactly the windows (rule → final state) they must end with.</summary>
    public IReadOnlyList<DemoExpectation> Expected { get; set; } = [];

    public IReadOnlyList<Window> Windows { get; set; } = [];

    public IReadOnlyList<LeadRecord> Leads { get; set; } = [];

    /// <summary>The funnel read from the host's stores with this report (docs/funnel.md), and where its picture was written.</summary>
    public Integration.Telemetry.Funnel? Funnel { get; set; }

    public string? FunnelFile { get; set; }

    /// <summary>The privacy part (a withdrawal and an erasure), run by the demo after the rest of the report is taken.</summary>
    public PrivacyReport? Privacy { get; set; }

    /// <summary>One run of each pull against the sandbox, in order: provident fund, property registry, tax.</summary>
    public IList<DemoPull> Pulls { get; } = [];

    public int NewWindowsFromProvidentFundPull { get; set; }

    public int NewLeadsFromProvidentFundPull { get; set; }

    public int ExpectedWindows => Expected.Sum(e => e.Windows.Count);

    /// <summary>Each window's contact decision, from the contact ledger.</summary>
    public Dictionary<string, ContactDecision> ContactDecisions { get; } = new(StringComparer.Ordinal);

    public int MarketingCap { get; set; } = 2;

    public IReadOnlyDictionary<string, RuleCategory> Categories { get; set; } = new Dictionary<string, RuleCategory>();

    /// <summary>
    /// Leads the contact rules allow: every Risk and Service window, and per customer at most the marketing cap of
    /// its Marketing windows, less those outranked by a concurrent window of the customer (one contact, the best offer;
    /// each such refusal is checked in <see cref="Mismatches"/>). Which window takes a capped slot depends on which
    /// workflow asks first; how many do not.
    /// </summary>
    public int ExpectedLeads => Expected.Sum(e =>
        e.Windows.Keys.Count(r => Categories.GetValueOrDefault(r) != RuleCategory.Marketing)
        + Math.Min(MarketingCap, e.Windows.Keys.Count(r => Categories.GetValueOrDefault(r) == RuleCategory.Marketing) - Outranked.Count(o => o.Window.CustomerKey == e.CustomerKey)));

    /// <summary>Marketing windows refused because a concurrent window of the same customer had the better offer.</summary>
    public IReadOnlyList<(Window Window, string Reason)> Outranked =>
        [.. NotContacted.Where(n => n.Reason.StartsWith("Outranked", StringComparison.Ordinal))];

    /// <summary>Windows the contact rules kept from the CRM, with the reason.</summary>
    public IReadOnlyList<(Window Window, string Reason)> NotContacted =>
        [.. Windows.Where(w => ContactDecisions.TryGetValue(w.WindowId, out var d) && d.Verdict == ContactVerdict.Refused).Select(w => (w, ContactDecisions[w.WindowId].Reason))];

    /// <summary>Expected windows per rule id, ordered by rule id.</summary>
    public IReadOnlyList<(string Rule, int Count)> ExpectedByRule =>
        [.. Expected.SelectMany(e => e.Windows.Keys).GroupBy(r => r, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()))];

    /// <summary>
    /// Every way the outcome differs from <see cref="Expected"/>: per customer, a rule with no window, more
    /// than one, a window in another state, a rule nobody expected; a window of a customer outside the demo;
    /// a window without exactly one lead, or a lead without a window.
    /// </summary>
    public IReadOnlyList<string> Mismatches
    {
        get
        {
            var problems = new List<string>();
            var known = Expected.Select(e => e.CustomerKey).ToHashSet(StringComparer.Ordinal);
            foreach (var e in Expected)
            {
                var actual = Windows.Where(w => w.CustomerKey == e.CustomerKey).GroupBy(w => w.RuleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
                foreach (var (rule, state) in e.Windows)
                {
                    var found = actual.GetValueOrDefault(rule) ?? [];
                    if (found.Count != 1)
                    {
                        problems.Add($"{e.Label}: {found.Count} {rule} windows, expected 1");
                    }
                    else if (found[0].State != state)
                    {
                        problems.Add($"{e.Label}: {rule} is {found[0].State}, expected {state}");
                    }
                }

                problems.AddRange(actual.Keys.Where(r => !e.Windows.ContainsKey(r)).Select(r => $"{e.Label}: unexpected {r} window"));
            }

            problems.AddRange(Windows.Where(w => !known.Contains(w.CustomerKey)).Select(w => $"{w.RuleId} window {w.WindowId} for a customer outside the demo"));
            var leads = Leads.GroupBy(l => l.Lead.LeadId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var refused = NotContacted.Select(n => n.Window.WindowId).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(Windows.Where(w => leads.GetValueOrDefault(Lead.IdFor(w.WindowId)) != (refused.Contains(w.WindowId) ? 0 : 1))
                .Select(w => $"{w.RuleId} window {w.WindowId} has {leads.GetValueOrDefault(Lead.IdFor(w.WindowId))} leads, expected {(refused.Contains(w.WindowId) ? 0 : 1)}"));
            problems.AddRange(NotContacted.Where(n => !n.Reason.StartsWith("MarketingCap", StringComparison.Ordinal) && !n.Reason.StartsWith("Outranked", StringComparison.Ordinal))
                .Select(n => $"{n.Window.RuleId} window {n.Window.WindowId} not contacted: {n.Reason}"));
            problems.AddRange(Outranked.Where(o => !Windows.Any(w => w.CustomerKey == o.Window.CustomerKey && w.WindowId != o.Window.WindowId && w.Priority >= o.Window.Priority
                    && o.Reason.Contains(w.WindowId, StringComparison.Ordinal) && leads.GetValueOrDefault(Lead.IdFor(w.WindowId)) == 1))
                .Select(o => $"{o.Window.RuleId} window {o.Window.WindowId} outranked, but by no contacted window of the customer with a higher priority: {o.Reason}"));
            var windowIds = Windows.Select(w => Lead.IdFor(w.WindowId)).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(leads.Keys.Where(l => !windowIds.Contains(l)).Select(l => $"lead {l} has no window"));
            return problems;
        }
    }

    /// <summary>
    /// Exactly the expected windows (customer by customer, rule by rule, in the expected state), one lead
    /// each, each delivered once to the CRM (and each withdrawn lead's withdrawal once), the outcome recorded, every bank record accepted, the two bad
    /// deliveries refused and the redelivery replayed; every pull caught up with all the sandbox's records and
    /// no dead letter, and the provident-fund pull, re-reading what the webhooks sent, opened no window and made no lead.
    /// </summary>
    public bool Succeeded =>
        Mismatches.Count == 0 && Windows.Count == ExpectedWindows && Leads.Count == ExpectedLeads
        && CrmLeads == ExpectedLeads && CrmWithdrawals == Leads.Count(l => l.Outcome == LeadOutcome.Withdrawn) && CrmDeliveries == ExpectedLeads + CrmWithdrawals
        && Rejected == 2 && Replayed == 1 && OutcomesAccepted == 1 && BankSent > 0 && BankAccepted == BankSent && LifeEventProvidentAccepted == LifeEventProvidentSent && ConsentsSent > 0 && ConsentsAccepted == ConsentsSent
        && Pulls.Count == PullJobs.All.Count() && Pulls.All(p => p.Succeeded)
        && NewWindowsFromProvidentFundPull == 0 && NewLeadsFromProvidentFundPull == 0
        && (Privacy?.Succeeded ?? true);

    public string Summary
    {
        get
        {
            var actual = Windows.GroupBy(w => w.RuleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var rules = ExpectedByRule.Select(r => r.Rule).Union(actual.Keys).Order(StringComparer.Ordinal)
                .Select(r => actual.GetValueOrDefault(r) == ExpectedByRule.FirstOrDefault(e => e.Rule == r).Count
                    ? $"{r} {actual.GetValueOrDefault(r)}"
                    : $"{r} {actual.GetValueOrDefault(r)} (expected {ExpectedByRule.FirstOrDefault(e => e.Rule == r).Count})");
            return string.Create(CultureInfo.InvariantCulture,
                $"Demo {(Succeeded ? "OK" : "FAILED")}: {Accepted + Rejected} provident-fund webhooks sent ({Accepted} accepted incl. {Replayed} replayed redelivery, {Rejected} refused), {BankAccepted}/{BankSent} bank life-event webhooks, {LifeEventProvidentAccepted}/{LifeEventProvidentSent} of their provident-fund webhooks and {ConsentsAccepted}/{ConsentsSent} consents accepted; "
                + $"{Windows.Count} windows opened for {Windows.Select(w => w.CustomerKey).Distinct().Count()} of {Expected.Count} customers (expected {ExpectedWindows}{(Mismatches.Count == 0 ? ", exactly as expected" : $", {Mismatches.Count} mismatches")}): {string.Join(", ", rules)}; "
                + $"{Windows.Count(w => w.State == WindowState.Suppressed)} suppressed by a risk signal, {Windows.Count(w => w.State == WindowState.Acted)} acted on, {NotContacted.Count} held back by the contact rules (at most {MarketingCap} marketing contacts per customer a month, one contact for concurrent windows: {Outranked.Count} outranked); "
                + $"{CreditDecisions.Count} credit decisions: {CreditDecisions.Count(d => d.Outcome == CreditOutcome.Approve)} approved, {CreditDecisions.Count(d => d.Outcome == CreditOutcome.Refer)} referred, {CreditDecisions.Count(d => d.Outcome == CreditOutcome.Decline)} declined ({BackOfficeActions.Count} back-office actions); "
                + $"{Leads.Count} leads stored, {CrmLeads} delivered to the CRM and {CrmWithdrawals} withdrawn from it ({CrmDeliveries} deliveries), {OutcomesAccepted} outcome recorded. "
                + $"Sandbox pulls: {string.Join(", ", Pulls.Select(p => $"{p.Job} {p.Pages} pages/{p.Accepted} accepted/{p.DeadLetters} dead letters"))}; "
                + $"the provident-fund pull (the webhooks' records again) opened {NewWindowsFromProvidentFundPull} new windows and {NewLeadsFromProvidentFundPull} new leads.");
        }
    }

    public void Count(HttpStatusCode status)
    {
        if ((int)status is >= 200 and < 300)
        {
            Accepted++;
        }
        else
        {
            Rejected++;
        }
    }
}

/// <summary>A demo customer and exactly the windows (rule id → the state it must end in) they must have.</summary>
public sealed record DemoExpectation(string Part, string Label, string CustomerKey, IReadOnlyDictionary<string, WindowState> Windows)
{
    public const string ProvidentFundPart = "provident fund (webhooks), property registry and tax (sandbox pulls)";
    public const string LifeEventsPart = "life events (the bank's own feeds, webhooks)";
}

/// <summary>One pull run in the demo, against what the sandbox holds for its feed.</summary>
public sealed record DemoPull(string Job, PullRunStatus? Status, int Pages, int Accepted, int DeadLetters, int Expected, string? Error = null)
{
    public bool Succeeded => Status == PullRunStatus.CaughtUp && Accepted == Expected && Expected > 0 && DeadLetters == 0;
}
