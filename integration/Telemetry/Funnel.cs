using LifeWindow.Domain.Contact;
using LifeWindow.Integration.Contact;
using LifeWindow.Integration.Credit;
using LifeWindow.Integration.Outbox;

namespace LifeWindow.Integration.Telemetry;

/// <summary>
/// How far the records got, stage by stage (docs/funnel.md): records → facts → windows → offers → credit decisions →
/// leads → outcomes, each counted from the store that keeps that stage. Keyed breakdowns are in ordinal key order; the
/// enum-keyed ones list every value, zeros included.
/// </summary>
public sealed record Funnel(
    int RecordsAccepted,
    int RecordsRejected,
    int Customers,
    IReadOnlyDictionary<string, int> WindowsByRule,
    int Offers,
    int OffersContacted,
    IReadOnlyDictionary<CreditOutcome, int> DecisionsByOutcome,
    IReadOnlyDictionary<string, int> DecisionsByReason,
    int Leads,
    int LeadsDelivered,
    IReadOnlyDictionary<LeadOutcome, int> OutcomesByKind)
{
    /// <summary>Records kept either way: accepted (in the fact log, each piece of evidence once) or refused (a dead letter each).</summary>
    public int Records => RecordsAccepted + RecordsRejected;

    /// <summary>Every accepted record is a fact of the fact log (docs/profile.md), so this is <see cref="RecordsAccepted"/>.</summary>
    public int Facts => RecordsAccepted;

    public int Windows => WindowsByRule.Values.Sum();

    public int CreditDecisions => DecisionsByOutcome.Values.Sum();

    public int Outcomes => OutcomesByKind.Values.Sum();
}

/// <summary>
/// Reads <see cref="Funnel"/> from the stores. The customers are those the fact log, the window store or the lead store
/// know; the stores that are read per customer (contact ledger, credit decisions) are read for each of them.
/// It reads every store through, like <see cref="OpsReader"/>: an operator's occasional report, not a per-request figure.
/// </summary>
public sealed class FunnelReader(
    IFactLog facts,
    IDeadLetterStore deadLetters,
    IWindowStore windows,
    IContactLedger contacts,
    ICreditDecisionStore decisions,
    ILeadStore leads,
    ILeadOutbox outbox)
{
    public async Task<Funnel> ReadAsync(CancellationToken cancellationToken)
    {
        var customers = new SortedSet<string>(StringComparer.Ordinal);
        var records = 0;
        await foreach (var customer in facts.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            customers.Add(customer.CustomerKey);
            records += customer.Facts.Count;
        }

        var rejected = await deadLetters.ListAsync(null, null, cancellationToken).CountAsync(cancellationToken).ConfigureAwait(false);

        var byRule = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var window in windows.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            customers.Add(window.CustomerKey);
            byRule[window.RuleId] = byRule.GetValueOrDefault(window.RuleId) + 1;
        }

        var leadCount = 0;
        var outcomes = Enum.GetValues<LeadOutcome>().ToDictionary(o => o, _ => 0);
        await foreach (var lead in leads.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            customers.Add(lead.Lead.CustomerKey);
            leadCount++;
            if (lead.Outcome is { } outcome)
            {
                outcomes[outcome]++;
            }
        }

        var delivered = await outbox.ListAsync(OutboxStatus.Sent, cancellationToken)
            .CountAsync(e => e.Kind == LeadEventKind.Created, cancellationToken).ConfigureAwait(false);
        var (offers, contacted) = await CountOffersAsync(customers, cancellationToken).ConfigureAwait(false);
        var (byOutcome, byReason) = await CountDecisionsAsync(customers, cancellationToken).ConfigureAwait(false);

        return new Funnel(records, rejected, customers.Count, byRule, offers, contacted, byOutcome, byReason, leadCount, delivered, outcomes);
    }

    /// <summary>Windows whose plan chose an offer: each has one contact-ledger entry, contacted unless its verdict is Refused.</summary>
    private async Task<(int Offers, int Contacted)> CountOffersAsync(IEnumerable<string> customers, CancellationToken cancellationToken)
    {
        var (offers, contacted) = (0, 0);
        foreach (var customer in customers)
        {
            var entries = (await contacts.ReadAsync(customer, cancellationToken).ConfigureAwait(false)).DistinctBy(e => e.WindowId, StringComparer.Ordinal).ToList();
            offers += entries.Count;
            contacted += entries.Count(e => e.Decision.Verdict != ContactVerdict.Refused);
        }

        return (offers, contacted);
    }

    /// <summary>Credit decisions by outcome, and by reason code (a decision counts once under each of its codes).</summary>
    private async Task<(Dictionary<CreditOutcome, int> ByOutcome, SortedDictionary<string, int> ByReason)> CountDecisionsAsync(IEnumerable<string> customers, CancellationToken cancellationToken)
    {
        var byOutcome = Enum.GetValues<CreditOutcome>().ToDictionary(o => o, _ => 0);
        var byReason = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            await foreach (var decision in decisions.ListForCustomerAsync(customer, cancellationToken).ConfigureAwait(false))
            {
                byOutcome[decision.Outcome]++;
                foreach (var code in decision.ReasonCodes.Distinct(StringComparer.Ordinal))
                {
                    byReason[code] = byReason.GetValueOrDefault(code) + 1;
                }
            }
        }

        return (byOutcome, byReason);
    }
}
