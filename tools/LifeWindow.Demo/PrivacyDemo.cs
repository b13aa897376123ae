using System.Net.Http.Json;
using System.Text.Json;
using LifeWindow.Integration.Privacy;
using LifeWindow.Integration.Serialization;

namespace LifeWindow.Demo;

/// <summary>What the demo's privacy part saw: a withdrawal ending a running offer, and an erasure.</summary>
public sealed record PrivacyReport(
    string? WithdrawnBy, LeadOutcome? WorkflowOutcome, bool CrmToldOfWithdrawal, string? ErasedLabel, ErasureReceipt? Receipt, int WindowsLeftAfterErasure, int DecisionsLeftAfterErasure)
{
    public bool Succeeded =>
        WorkflowOutcome == LeadOutcome.Withdrawn && CrmToldOfWithdrawal
        && Receipt is not null && Receipt.Erased.GetValueOrDefault("windows") > 0 && WindowsLeftAfterErasure == 0 && DecisionsLeftAfterErasure == 0;
}

/// <summary>
/// The demo's last part, after the report of the main path is taken: one customer whose offer waits at the CRM withdraws
/// their marketing consent in the bank's app (a signed consent webhook) and their running workflow ends, withdrawing
/// the lead at the CRM; then an operator erases another customer through the operator API and gets the receipt.
/// </summary>
public static class PrivacyDemo
{
    public static async Task<PrivacyReport> RunAsync(WebApplication app, DemoReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(report);
        var services = app.Services;
        var time = services.GetRequiredService<TimeProvider>();
        var durable = services.GetRequiredService<DurableTaskClient>();
        var today = BusinessClock.Today(time);
        var tokenizer = services.GetRequiredService<CustomerKeyTokenizer>();
        var people = report.Customers.Select(c => (c.Label, c.IdNumber)).Concat(report.LifeEvents.Select(c => (c.Label, c.IdNumber)))
            .ToDictionary(p => DemoRunner.CustomerKeyOf(tokenizer, p.IdNumber, today), StringComparer.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };

        // Customers whose lead waits at the CRM (their offer workflow is still running), one per customer.
        var waiting = new List<LeadRecord>();
        foreach (var lead in report.Leads.Where(l => l.Outcome is null && people.ContainsKey(l.Lead.CustomerKey)).DistinctBy(l => l.Lead.CustomerKey))
        {
            if ((await durable.GetInstanceAsync(lead.Lead.WindowId, cancellationToken))?.RuntimeStatus == OrchestrationRuntimeStatus.Running)
            {
                waiting.Add(lead);
            }
        }

        var (withdrawnBy, outcome, told) = waiting.Count > 0 ? await WithdrawAsync(app, http, waiting[0], people[waiting[0].Lead.CustomerKey].IdNumber, cancellationToken) : (null, null, false);
        var erased = waiting.Skip(1).FirstOrDefault()?.Lead.CustomerKey;
        var receipt = erased is null ? null : await EraseAsync(http, services.GetRequiredService<IOptions<OperatorOptions>>().Value, erased, cancellationToken);
        var windowsLeft = erased is null ? 0 : await services.GetRequiredService<IWindowStore>().ListForCustomerAsync(erased, cancellationToken).CountAsync(cancellationToken);
        var decisionsLeft = erased is null ? 0 : (await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{erased}/decisions", UriKind.Relative), cancellationToken)).GetProperty("decisions").GetArrayLength();
        return new PrivacyReport(
            withdrawnBy is null ? null : people[withdrawnBy].Label, outcome, told, erased is null ? null : people[erased].Label, receipt, windowsLeft, decisionsLeft);
    }

    /// <summary>The customer withdraws Marketing in the bank's app; waits for their offer workflow to end and the CRM to hear of it.</summary>
    private static async Task<(string? Customer, LeadOutcome? Outcome, bool CrmTold)> WithdrawAsync(WebApplication app, HttpClient http, LeadRecord lead, string idNumber, CancellationToken cancellationToken)
    {
        var services = app.Services;
        var time = services.GetRequiredService<TimeProvider>();
        var partner = services.GetRequiredService<IOptions<WebhookOptions>>().Value.Partners[DemoRunner.ConsentPartner];
        var consent = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["recordId"] = $"CS-Marketing-withdrawn-{idNumber[^6..]}",
            ["idNumber"] = idNumber,
            ["purpose"] = "Marketing",
            ["source"] = "ProvidentFund",
            ["action"] = "Withdrawn",
            ["evidenceId"] = $"app-withdrawal-{idNumber[^6..]}",
            ["at"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        using var accepted = await new WebhookSender(http, partner.Secrets[0], time).SendAsync(
            DemoRunner.ConsentFeedPath, $"consent-withdrawn-{idNumber[^6..]}", WebhookSender.Envelope("consent.record", consent, time.GetUtcNow()), cancellationToken: cancellationToken);
        if (accepted.StatusCode != HttpStatusCode.Accepted)
        {
            return (lead.Lead.CustomerKey, null, false);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(60));
        var done = await services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(lead.Lead.WindowId, getInputsAndOutputs: true, wait.Token);
        var sink = services.GetRequiredService<Sandbox.Crm.CrmSink>();
        while (!sink.Withdrawals.Any(w => w.LeadId == lead.Lead.LeadId) && !wait.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
        }

        return (lead.Lead.CustomerKey, done.ReadOutputAs<OfferResult>()?.Outcome, sink.Withdrawals.Any(w => w.LeadId == lead.Lead.LeadId));
    }

    /// <summary>An operator erases the customer through the operator API, in their own name (a local operator token).</summary>
    private static async Task<ErasureReceipt?> EraseAsync(HttpClient http, OperatorOptions operators, string customerKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/customers/{customerKey}/erasure", UriKind.Relative))
        {
            Content = JsonContent.Create(new { reason = "客户申请删除个人信息（演示）" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", operators.Tokens.First(t => t.Value == "ops-1").Key);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ErasureReceipt>(LifeWindowJson.Options, cancellationToken) : null;
    }
}
