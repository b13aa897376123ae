using LifeWindow.Integration.Contact;
using LifeWindow.Integration.Exposure;

namespace LifeWindow.Integration.Privacy;

/// <summary>
/// The right to delete (PIPL art. 47): erases one customer everywhere LifeWindow keeps them — their workflows (ended,
/// then their histories purged), windows, leads and outbox entries, contact ledger and do-not-disturb entry, profile,
/// fact log (with the consent records in it), match-index entries, dead letters and their audit chain — and records a
/// receipt that names them only by a hash of their key, in the Erasures table and in the audit log's erasure chain. The workflows go first, so none writes anything of the customer after the stores
/// are cleared; a limit a credit decision of an ended workflow still held (not yet confirmed by the CRM's acceptance) is
/// released, as the workflow itself would have done.
/// </summary>
/// <remarks>
/// Kept, by a legal duty to keep them, and named in every receipt: the credit exposure ledger and the credit
/// applications and decisions (the bank's credit records, which the PBOC's credit-information rules make it keep for
/// five years after the relationship ends). A record a partner sends after the erasure is a new record: it is folded
/// as any other, and without new consent it leads to no contact.
/// </remarks>
public sealed class CustomerErasure(
    IEnumerable<ICustomerDataEraser> erasers,
    IWindowStore windows,
    IProfileStore profiles,
    IFactLog facts,
    IDoNotDisturbList doNotDisturb,
    DeadLetterService deadLetters,
    IErasureLog log,
    IAuditLog audit,
    IExposureStore exposure,
    TimeProvider time)
{
    public static readonly IReadOnlyList<string> Retained =
    [
        "credit exposure ledger (limits, holds, drawn balances)",
        "credit applications and decisions",
    ];

    public async Task<ErasureReceipt> EraseAsync(string customerKey, string requestedBy, string reason, IWorkflowGateway workflows, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerKey);
        ArgumentNullException.ThrowIfNull(workflows);
        var windowIds = await windows.ListForCustomerAsync(customerKey, cancellationToken).Select(w => w.WindowId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var erased = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["workflow histories"] = await workflows.EraseCustomerAsync(customerKey, windowIds, cancellationToken).ConfigureAwait(false),
        };
        erased["credit holds released"] = await ReleaseHoldsAsync(customerKey, cancellationToken).ConfigureAwait(false);
        foreach (var eraser in erasers)
        {
            erased[eraser.ErasedItems] = erased.GetValueOrDefault(eraser.ErasedItems) + await eraser.EraseCustomerAsync(customerKey, cancellationToken).ConfigureAwait(false);
        }

        erased["do-not-disturb entries"] = await doNotDisturb.RemoveAsync(customerKey, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        erased["facts"] = await facts.DeleteCustomerAsync(customerKey, cancellationToken).ConfigureAwait(false);
        erased["profiles"] = await profiles.DeleteAsync(customerKey, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        erased["dead letters"] = await deadLetters.EraseCustomerAsync(customerKey, cancellationToken).ConfigureAwait(false);

        var now = time.GetUtcNow();
        var receipt = new ErasureReceipt(ErasureReceipt.NewId(now), ErasureReceipt.HashOf(customerKey), now, requestedBy, reason, erased, Retained);
        await log.RecordAsync(receipt, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(
            AuditChain.ErasuresPartition,
            new AuditEntry
            {
                EntryId = "erasure:" + receipt.ErasureId,
                Kind = AuditKinds.CustomerErased,
                Subject = receipt.KeyHash,
                Detail = $"{receipt.Reason} (by {receipt.RequestedBy}; receipt {receipt.ErasureId})",
                InputsDigest = AuditEntry.Digest(receipt.Erased),
            },
            cancellationToken).ConfigureAwait(false);
        return receipt;
    }

    /// <summary>
    /// Every hold still held: each belongs to a decision whose workflow the erasure ended, which can no longer release it.
    /// A confirmed hold is credit the customer accepted; it stays on the ledger the bank must keep.
    /// </summary>
    private async Task<int> ReleaseHoldsAsync(string customerKey, CancellationToken cancellationToken)
    {
        var released = 0;
        foreach (var hold in (await exposure.GetAsync(customerKey, cancellationToken).ConfigureAwait(false)).Holds.Where(h => h.State == HoldState.Held))
        {
            released += await exposure.ReleaseHoldAsync(customerKey, hold.HoldId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return released;
    }
}
