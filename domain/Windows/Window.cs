using System.Security.Cryptography;
using System.Text;

namespace LifeWindow.Domain.Windows;

/// <summary>A detected life-event window: when to act, why, and with which candidate offers.</summary>
public sealed record Window
{
    /// <summary>Deterministic: the same customer, rule and anchor always give the same id (see <see cref="IdFor"/>).</summary>
    public required string WindowId { get; init; }

    public required string CustomerKey { get; init; }

    public required string RuleId { get; init; }

    /// <summary>The rule's category. Windows stored before rules had categories were all IncomeUpgrade, a Marketing rule.</summary>
    public RuleCategory Category { get; init; } = RuleCategory.Marketing;

    /// <summary>The event the window hangs on, e.g. "2026-10": the first month of the unbroken run in which the rule held (older windows: "pf:2026-10").</summary>
    public required string Anchor { get; init; }

    public required string CatalogVersion { get; init; }

    public required DateTimeOffset OpensAt { get; init; }

    public required DateTimeOffset ClosesAt { get; init; }

    public required int Priority { get; init; }

    public required int CoolOffDays { get; init; }

    public required IReadOnlyList<string> CandidateOffers { get; init; }

    /// <summary>Evidence hashes of the facts that made the rule fire.</summary>
    public required IReadOnlyList<string> Evidence { get; init; }

    /// <summary>Plain-language reasons for the relationship manager and the auditor.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>The rule's limit review severity: set, the window's workflow is the limit review, not an offer (docs/risk-side.md).</summary>
    public LimitReviewSeverity? LimitReview { get; init; }

    public WindowState State { get; init; } = WindowState.Open;

    public DateTimeOffset? StateChangedAt { get; init; }

    public static string IdFor(string customerKey, string ruleId, string anchor)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{customerKey}|{ruleId}|{anchor}"));
        return "w-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}

public enum WindowState
{
    Open,
    Acted,
    Expired,
    Superseded,
    Suppressed,

    /// <summary>A limit-review risk window whose condition stopped holding: the signal cleared (its review may restore the limit).</summary>
    Cleared,
}
