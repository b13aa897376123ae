using System.ComponentModel.DataAnnotations;

namespace LifeWindow.Domain.Credit;

/// <summary>
/// Every number the credit decision uses, bound from <c>Policies:Credit</c> (defaults = DOMAIN.md) and
/// validated at start-up. A decision captures the policy into its orchestration input when it starts, so a
/// policy change reaches new decisions only: in-flight ones replay with the policy they began with.
/// Money in CNY (decimal), percentages as percent (55 = 55%).
/// </summary>
public sealed record CreditPolicy : IValidatableObject
{
    public const string Section = "Policies:Credit";

    /// <summary>Recorded with every decision, so risk can tell which policy produced it.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,40}$")]
    public string Version { get; init; } = "credit-v1";

    [Range(typeof(decimal), "1", "100")]
    public decimal MaxDtiPct { get; init; } = 55m;

    /// <summary>A new line is stressed as fully drawn in its principal phase: this share of the limit is paid each month.</summary>
    [Range(typeof(decimal), "0.1", "100")]
    public decimal DtiStressPaymentPct { get; init; } = 3m;

    [Range(typeof(decimal), "0", "100000000")]
    public decimal UnsecuredCapProvincialCapital { get; init; } = 500_000m;

    [Range(typeof(decimal), "0", "100000000")]
    public decimal UnsecuredCapOther { get; init; } = 300_000m;

    [Range(typeof(decimal), "1", "100")]
    public decimal MaxCombinedLtvPct { get; init; } = 70m;

    /// <summary>Overdue more than this many days in the last 24 months fails.</summary>
    [Range(0, 365)]
    public int MaxDaysPastDue24Months { get; init; } = 30;

    [Required]
    public string RequiredProvidentStatus { get; init; } = "Normal";

    /// <summary>This many applications (this one included) within <see cref="VelocityWindowDays"/> fails.</summary>
    [Range(2, 100)]
    public int VelocityMaxApplications { get; init; } = 3;

    [Range(1, 365)]
    public int VelocityWindowDays { get; init; } = 30;

    [Range(typeof(decimal), "0.01", "36")]
    public decimal BaseAnnualRatePct { get; init; } = 4.35m;

    /// <summary>Rate multiplier for a clean mortgage record (no instalment late) over <see cref="CleanRecordMonths"/>.</summary>
    [Range(typeof(decimal), "0.1", "1")]
    public decimal CleanRecordRateFactor { get; init; } = 0.8m;

    [Range(1, 120)]
    public int CleanRecordMonths { get; init; } = 12;

    /// <summary>Smallest line worth granting; room (cap or DTI) below this fails the check.</summary>
    [Range(typeof(decimal), "100", "10000000")]
    public decimal MinAmount { get; init; } = 10_000m;

    /// <summary>Approved amounts are rounded down to a multiple of this.</summary>
    [Range(typeof(decimal), "1", "1000000")]
    public decimal AmountStep { get; init; } = 1_000m;

    /// <summary>Above this amount two different approvers must approve (four-eyes).</summary>
    [Range(typeof(decimal), "0", "100000000")]
    public decimal AuthorityLimit { get; init; } = 300_000m;

    /// <summary>How long the decision waits for approvers before escalating (and again after escalating before referring).</summary>
    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromDays(2);

    /// <summary>How long an approved amount stays held in exposure unless accepted (confirmed) or released.</summary>
    public TimeSpan HoldLifetime { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Revolving line: interest-only months, then principal months.</summary>
    [Range(0, 120)]
    public int InterestOnlyMonths { get; init; } = 12;

    [Range(1, 360)]
    public int PrincipalMonths { get; init; } = 36;

    public ScorecardWeights Scorecard { get; init; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApprovalTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive", [nameof(ApprovalTimeout)]);
        }

        if (HoldLifetime <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be positive", [nameof(HoldLifetime)]);
        }

        if (UnsecuredCapOther > UnsecuredCapProvincialCapital)
        {
            yield return new ValidationResult("must not exceed UnsecuredCapProvincialCapital", [nameof(UnsecuredCapOther)]);
        }

        if (MinAmount > UnsecuredCapOther)
        {
            yield return new ValidationResult("must not exceed UnsecuredCapOther", [nameof(MinAmount)]);
        }

        if (Scorecard.ReferScore > Scorecard.ApproveScore)
        {
            yield return new ValidationResult("Scorecard:ReferScore must not exceed Scorecard:ApproveScore", [nameof(Scorecard)]);
        }
    }

    /// <summary>The unsecured cap of the applicant's city tier (unknown tier: the lower cap).</summary>
    public decimal UnsecuredCapFor(CityTier? tier) =>
        tier == CityTier.ProvincialCapitalOrAbove ? UnsecuredCapProvincialCapital : UnsecuredCapOther;
}

/// <summary>
/// Points of the scorecard: a base, then per factor a good / neutral / bad band. Approve at or above
/// <see cref="ApproveScore"/>, refer at or above <see cref="ReferScore"/>, decline below.
/// </summary>
public sealed record ScorecardWeights
{
    public int BasePoints { get; init; } = 600;

    public int ApproveScore { get; init; } = 620;

    public int ReferScore { get; init; } = 580;

    /// <summary>DTI at or below: good; at or below the second: neutral; above: bad.</summary>
    public decimal DtiGoodPct { get; init; } = 30m;

    public decimal DtiNeutralPct { get; init; } = 45m;

    public int DtiGoodPoints { get; init; } = 30;

    public int DtiBadPoints { get; init; } = -30;

    public decimal LtvGoodPct { get; init; } = 50m;

    public decimal LtvNeutralPct { get; init; } = 60m;

    public int LtvGoodPoints { get; init; } = 20;

    public int LtvBadPoints { get; init; } = -20;

    /// <summary>On-time streak in months: at or above good, at or above neutral, else bad.</summary>
    public int StreakGoodMonths { get; init; } = 24;

    public int StreakNeutralMonths { get; init; } = 12;

    public int StreakGoodPoints { get; init; } = 40;

    public int StreakBadPoints { get; init; } = -40;

    /// <summary>Existing unsecured exposure as a share of the cap: at or below good, at or below neutral, else bad.</summary>
    public decimal UtilisationGoodPct { get; init; } = 0m;

    public decimal UtilisationNeutralPct { get; init; } = 50m;

    public int UtilisationGoodPoints { get; init; } = 10;

    public int UtilisationBadPoints { get; init; } = -30;

    /// <summary>Earlier applications within the velocity window: none is good, one neutral, more bad.</summary>
    public int NoRecentApplicationPoints { get; init; } = 10;

    public int RecentApplicationsBadPoints { get; init; } = -40;
}
