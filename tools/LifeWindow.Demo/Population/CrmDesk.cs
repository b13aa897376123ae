using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LifeWindow.Orchestrations.LimitReview;
using LifeWindow.Sandbox.Crm;

namespace LifeWindow.Demo.Population;

/// <summary>
/// The bank's side during the population run, over the host's real endpoints: the CRM reports an outcome for every lead
/// it received (POST /api/crm/outcomes, signed as the CRM partner), and the back office answers what the running credit
/// offers wait for (<see cref="BackOffice"/>). It also counts the running workflows, which is how the run knows it is done:
/// all but the limit reviews that hold a line until their risk signal clears (days or weeks: they are counted apart).
/// </summary>
/// <param name="outcomeOf">What the relationship manager's call came to for a received lead (the lead's JSON).</param>
public sealed class CrmDesk(CrmSink sink, WebhookSender crm, BackOffice backOffice, DurableTaskClient durable, Func<JsonElement, CancellationToken, Task<LeadOutcome>> outcomeOf)
{
    private static readonly TimeSpan Round = TimeSpan.FromMilliseconds(500);
    /// <summary>The offer of a limit review's notice to the RM (docs/risk-side.md).</summary>
    public const string RmNoticeOffer = "LimitReview";

    private readonly HashSet<string> answered = new(StringComparer.Ordinal);
    private readonly HashSet<string> notices = new(StringComparer.Ordinal);
    private readonly Dictionary<LeadOutcome, int> outcomes = [];
    private int running;
    private int holding;
    private int leadsReceived;

    /// <summary>Workflows running or pending, but for the limit reviews waiting for their signal to clear.</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>Limit reviews that froze or cut a line (or warned the RM) and wait for their signal to clear.</summary>
    public int Holding => Volatile.Read(ref holding);

    public int LeadsReceived => Volatile.Read(ref leadsReceived);

    public int OutcomesReported
    {
        get
        {
            lock (outcomes)
            {
                return outcomes.Values.Sum();
            }
        }
    }

    public IReadOnlyDictionary<LeadOutcome, int> Outcomes
    {
        get
        {
            lock (outcomes)
            {
                return new Dictionary<LeadOutcome, int>(outcomes);
            }
        }
    }

    public IReadOnlyList<string> BackOfficeActions => backOffice.Actions;

    /// <summary>Limit reviews' notices the RMs received.</summary>
    public int RmNotices => notices.Count;

    /// <summary>
    /// Works rounds until <paramref name="loaded"/> holds and three rounds in a row found no workflow running and no lead
    /// unanswered (true), or until <paramref name="timeout"/> has passed since <paramref name="loaded"/> first held (false).
    /// </summary>
    public async Task<bool> SettleAsync(Func<CancellationToken, Task<bool>> loaded, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTimeOffset? deadline = null;
        var quiet = 0;
        while (deadline is null || DateTimeOffset.UtcNow < deadline)
        {
            var worked = await RoundAsync(cancellationToken);
            var done = await loaded(cancellationToken);
            deadline ??= done ? DateTimeOffset.UtcNow + timeout : null;
            quiet = done && !worked && Running == 0 ? quiet + 1 : 0;
            if (quiet >= 3)
            {
                return true;
            }

            await Task.Delay(Round, cancellationToken);
        }

        return false;
    }

    /// <summary>One round: answer the new leads, help the waiting credit offers, count what runs. True when it did anything.</summary>
    private async Task<bool> RoundAsync(CancellationToken cancellationToken)
    {
        var worked = false;
        var leads = sink.Leads;
        Volatile.Write(ref leadsReceived, leads.Count);
        foreach (var lead in leads)
        {
            // A limit review's RM notice (offer LimitReview) is a warning to act on, not an offer to take up: no outcome.
            var leadId = lead.Body.GetProperty("leadId").GetString()!;
            if (lead.Body.GetProperty("offerId").GetString() == RmNoticeOffer)
            {
                notices.Add(leadId);
            }
            else if (answered.Add(leadId))
            {
                await ReportAsync(leadId, await outcomeOf(lead.Body, cancellationToken), cancellationToken);
                worked = true;
            }
        }

        var (count, held) = (0, 0);
        await foreach (var instance in durable.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending], PageSize = 1000 }).WithCancellation(cancellationToken))
        {
            if (instance.Name == nameof(LimitReviewOrchestrator) && instance.SerializedCustomStatus?.Contains("\"Waiting\"", StringComparison.Ordinal) == true)
            {
                held++;
                continue;
            }

            count++;
            if (instance.InstanceId.StartsWith("w-", StringComparison.Ordinal))
            {
                var before = backOffice.Actions.Count;
                await backOffice.ActAsync(instance.InstanceId, instance.SerializedCustomStatus, cancellationToken);
                worked |= backOffice.Actions.Count > before;
            }
        }

        Volatile.Write(ref running, count);
        Volatile.Write(ref holding, held);
        return worked;
    }

    private async Task ReportAsync(string leadId, LeadOutcome outcome, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var body = new JsonObject
        {
            ["leadId"] = leadId,
            ["outcome"] = outcome.ToString(),
            ["rmId"] = "RM-" + (Math.Abs(leadId.GetHashCode(StringComparison.Ordinal)) % 40).ToString("D4", CultureInfo.InvariantCulture),
            ["occurredAt"] = now.ToString("O", CultureInfo.InvariantCulture),
        };
        using var response = await crm.SendAsync(DemoRunner.OutcomePath, "crm-" + leadId, WebhookSender.Envelope("crm.lead-outcome", body, now), cancellationToken: cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            lock (outcomes)
            {
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }
    }

    /// <summary>
    /// Without a model of the world: a seeded draw per lead (same seed, same lead, same answer) — a quarter accept, a third
    /// cannot be reached, the rest decline.
    /// </summary>
    public static LeadOutcome SeededOutcome(JsonElement lead, int seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}|{lead.GetProperty("leadId").GetString()}")));
        var draw = BitConverter.ToUInt32(hash, 0) / (double)uint.MaxValue;
        return draw < 0.25 ? LeadOutcome.Accepted : draw < 0.58 ? LeadOutcome.Unreachable : LeadOutcome.Declined;
    }
}
