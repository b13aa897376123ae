using LifeWindow.Integration.Outbox;

namespace LifeWindow.Integration.Audit;

/// <summary>The audit entries of the decisions made in integration (windows, consents, leads), built in one place.</summary>
public static class Audits
{
    public static AuditEntry WindowOpened(Window window) =>
        ForWindow(window, AuditKinds.WindowOpened, "window.opened:", window.RuleId, $"{window.RuleId} open {window.OpensAt:O} to {window.ClosesAt:O}: {string.Join("; ", window.Reasons)}") with
        {
            InputsDigest = AuditEntry.Digest(window.Evidence),
        };

    public static AuditEntry WindowClosed(Window window, WindowState state, string reason) =>
        ForWindow(window, AuditKinds.WindowClosed, $"window.closed:{state}:", state.ToString(), reason);

    private static AuditEntry ForWindow(Window window, string kind, string idPrefix, string reasonCode, string detail)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new AuditEntry { EntryId = idPrefix + window.WindowId, Kind = kind, Subject = window.WindowId, CatalogVersion = window.CatalogVersion, ReasonCodes = [reasonCode], Detail = detail };
    }

    public static AuditEntry ConsentChanged(ConsentRecord consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return new AuditEntry
        {
            EntryId = "consent:" + consent.EvidenceHash,
            Kind = AuditKinds.ConsentChanged,
            Subject = consent.RecordId,
            ConsentRecordIds = [consent.RecordId],
            ReasonCodes = [$"{consent.Purpose}{(consent.Partner is null ? string.Empty : ":" + consent.Partner)}/{consent.Source}/{consent.Action}"],
            Detail = $"{consent.Action} at {consent.At:O}, evidence {consent.EvidenceId}",
            InputsDigest = consent.EvidenceHash,
        };
    }

    public static AuditEntry LeadDelivered(Lead lead, LeadEventKind kind, string eventId, string? reason)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var sent = kind == LeadEventKind.Created;
        return new AuditEntry
        {
            EntryId = "lead:" + eventId,
            Kind = sent ? AuditKinds.LeadSent : AuditKinds.LeadWithdrawn,
            Subject = lead.LeadId,
            CatalogVersion = lead.CatalogVersion,
            ReasonCodes = sent ? [lead.RuleId, lead.OfferId, .. lead.Credit?.ReasonCodes ?? []] : [reason ?? "WindowClosed"],
            Detail = sent
                ? $"{lead.OfferId} for window {lead.WindowId}{(lead.Credit is { } c ? $", credit {c.Decision} {c.ApprovedAmount} at {c.AnnualRatePct}% ({c.DecisionId})" : string.Empty)}"
                : $"withdrawn: {reason ?? "WindowClosed"}",
            InputsDigest = AuditEntry.Digest(lead),
        };
    }
}
