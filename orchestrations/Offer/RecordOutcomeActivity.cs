using LifeWindow.Integration.Contact;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>Records the CRM outcome on the lead (a decline also in the contact ledger) and moves the window to Acted (an answer came) or Expired (none did).</summary>
public sealed class RecordOutcomeActivity(IWindowStore windows, ILeadStore leads, IContactLedger contacts) : TaskActivity<RecordOutcomeInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RecordOutcomeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await leads.RecordOutcomeAsync(input.CustomerKey, input.LeadId, input.Outcome, input.At, CancellationToken.None).ConfigureAwait(false);
        if (input.Outcome == LeadOutcome.Declined)
        {
            // The decline starts the product's cool-off for this customer (contact rules).
            await contacts.RecordDeclineAsync(input.CustomerKey, input.WindowId, CancellationToken.None).ConfigureAwait(false);
        }

        if (input.Outcome == LeadOutcome.Withdrawn)
        {
            // The window already has its state (Suppressed or Superseded): only the lead records the withdrawal.
            return true;
        }

        var state = input.Outcome == LeadOutcome.Expired ? WindowState.Expired : WindowState.Acted;
        await windows.SetStateAsync(input.CustomerKey, input.WindowId, state, input.At, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
