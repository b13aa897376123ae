namespace LifeWindow.Integration.Audit;

/// <summary>What a decision point hands the audit log: what was decided about what, on which versions and consents, and why.</summary>
public sealed record AuditEntry
{
    /// <summary>Deterministic per decision ("credit-decision:cd-w-…"), so a retried step records it once.</summary>
    public required string EntryId { get; init; }

    /// <summary>One of <see cref="AuditKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>What the decision is about: a window id, lead id, application or decision id.</summary>
    public required string Subject { get; init; }

    public string? CatalogVersion { get; init; }

    public string? PolicyVersion { get; init; }

    public IReadOnlyList<string> ConsentRecordIds { get; init; } = [];

    public IReadOnlyList<string> ReasonCodes { get; init; } = [];

    /// <summary>The decision in words ("opened", "NotContacted: NoMarketingConsent", "Approve 100000 at 4.35%").</summary>
    public string? Detail { get; init; }

    /// <summary>SHA-256 of the decision's inputs (<see cref="Digest"/>): proves later which inputs it was made on.</summary>
    public string? InputsDigest { get; init; }

    public static string Digest(object inputs) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(inputs, inputs.GetType(), LifeWindowJson.Options)));
}

/// <summary>The decision kinds the audit log records.</summary>
public static class AuditKinds
{
    public const string WindowOpened = "window.opened";
    public const string WindowClosed = "window.closed";
    public const string ConsentChanged = "consent.changed";
    public const string OfferPlanned = "offer.planned";
    public const string IncomeReconciled = "income.reconciled";
    public const string CreditDecided = "credit.decided";
    public const string LeadSent = "lead.sent";
    public const string LeadWithdrawn = "lead.withdrawn";
    public const string CustomerErased = "customer.erased";

    // The limit review of a revolving line (docs/risk-side.md), one entry per step, ids from the window id.
    public const string LimitReviewStarted = "limit.review.started";
    public const string LimitFrozen = "limit.frozen";
    public const string LimitCut = "limit.cut";
    public const string LimitReviewJoined = "limit.review.joined";
    public const string LimitRmNotified = "limit.rm-notified";
    public const string LimitReviewChecked = "limit.review.checked";
    public const string LimitRestored = "limit.restored";
    public const string LimitReviewReleased = "limit.review.released";
}

/// <summary>
/// One link of a customer's hash chain: the entry, its place (sequence), the hash of the link before it, and its own
/// hash over all of that. Customers are named only by <see cref="KeyHash"/> (SHA-256 of their key), so an erasure can
/// leave the fact of erasure without the key.
/// </summary>
public sealed record AuditRecord(string KeyHash, long Sequence, DateTimeOffset At, AuditEntry Entry, string PreviousHash, string Hash = "")
{
    /// <summary>The hash the link must carry: SHA-256 of its canonical JSON with the hash itself left empty.</summary>
    public string ComputeHash() =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this with { Hash = string.Empty }, LifeWindowJson.Options)));
}

/// <summary>A periodic seal over every chain's head, itself chained to the seal before it: a chain cut back below a seal shows.</summary>
public sealed record AuditAnchor(string AnchorId, DateTimeOffset At, IReadOnlyDictionary<string, AuditHead> Heads, string PreviousHash, string Hash = "")
{
    public string ComputeHash() =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(
            this with { Hash = string.Empty, Heads = new SortedDictionary<string, AuditHead>((IDictionary<string, AuditHead>)Heads.ToDictionary(), StringComparer.Ordinal) },
            LifeWindowJson.Options)));
}

public sealed record AuditHead(long Sequence, string Hash);

/// <summary>The outcome of <c>lifewindow audit verify</c>: how much was checked and the problems found, first first.</summary>
public sealed record AuditVerification(int Chains, long Records, int Anchors, IReadOnlyList<string> Problems)
{
    public bool Intact => Problems.Count == 0;
}
