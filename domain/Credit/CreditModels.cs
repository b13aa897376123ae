namespace LifeWindow.Domain.Credit;

public enum CreditOutcome
{
    Approve,
    Decline,
    Refer,
}

/// <summary>
/// What the evaluator knows of the applicant: the customer's own tags (null when the profile has no
/// such tag) and the unified exposure of the customer and co-owners.
/// </summary>
public sealed record ApplicantFacts
{
    public required string CustomerKey { get; init; }

    public IReadOnlyList<string> CoOwners { get; init; } = [];

    public decimal? MonthlyIncome { get; init; }

    public decimal? DtiPct { get; init; }

    /// <summary>Combined LTV over every property the customer owns (all liens).</summary>
    public decimal? LtvPct { get; init; }

    public int? MaxDaysPastDue24Months { get; init; }

    public int? MaxDaysPastDue12Months { get; init; }

    public string? ProvidentFundStatus { get; init; }

    public int? OnTimeStreakMonths { get; init; }

    public CityTier? CityTier { get; init; }

    /// <summary>Applications within the velocity window, this one included.</summary>
    public int ApplicationsInWindow { get; init; } = 1;

    public bool Blacklisted { get; init; }

    public required ExposureSummary Exposure { get; init; }
}

/// <summary>Household exposure (customer + co-owners) by kind; holds are approved amounts not yet accepted or expired.</summary>
public sealed record ExposureSummary(decimal Mortgage, decimal Consumer, decimal Business, decimal Holds)
{
    public static readonly ExposureSummary None = new(0, 0, 0, 0);

    /// <summary>What counts against the unsecured cap: consumer and business lines and pending holds (mortgages are secured).</summary>
    public decimal Unsecured => Consumer + Business + Holds;

    public decimal Total => Mortgage + Unsecured;
}

public sealed record PolicyCheck(string Name, bool Passed, string? ReasonCode, string Detail);

public sealed record ScoreFactor(string Name, int Points, string? ReasonCode);

/// <summary>The evaluator's answer, with everything risk and compliance need to read it back.</summary>
public sealed record CreditEvaluation
{
    public required CreditOutcome Outcome { get; init; }

    public required decimal RequestedAmount { get; init; }

    /// <summary>0 unless approved.</summary>
    public required decimal ApprovedAmount { get; init; }

    /// <summary>Annual rate in percent; 0 unless approved.</summary>
    public required decimal AnnualRatePct { get; init; }

    public required IReadOnlyList<PolicyCheck> Checks { get; init; }

    public required IReadOnlyList<ScoreFactor> Scorecard { get; init; }

    public required int Score { get; init; }

    /// <summary>Failed checks in severity order, then negative score factors, most negative first.</summary>
    public required IReadOnlyList<string> ReasonCodes { get; init; }

    /// <summary>The unsecured cap of the applicant's tier (the hold is placed under it).</summary>
    public required decimal UnsecuredCap { get; init; }

    public required string PolicyVersion { get; init; }

    public bool CleanMortgageRecord { get; init; }
}

/// <summary>Reason codes, in severity order for failed checks.</summary>
public static class CreditReasons
{
    public const string Blacklist = "BLACKLIST";
    public const string Overdue = "OVERDUE_30_IN_24M";
    public const string Dti = "DTI_ABOVE_55";
    public const string Ltv = "LTV_ABOVE_70";
    public const string UnsecuredCap = "UNSECURED_CAP";
    public const string Provident = "PROVIDENT_NOT_NORMAL";
    public const string Velocity = "VELOCITY";

    public const string NoIncome = "NO_VERIFIED_INCOME";
    public const string ScoreLow = "SCORE_BELOW_APPROVE";
    public const string ApproverRejected = "APPROVER_REJECTED";
    public const string ApprovalTimeout = "APPROVAL_TIMEOUT";
    public const string HoldConflict = "HOLD_CONFLICT";
    public const string AmountReduced = "AMOUNT_REDUCED";

    // Scorecard factors (negative points).
    public const string DtiHigh = "SC_DTI_HIGH";
    public const string LtvHigh = "SC_LTV_HIGH";
    public const string ShortRecord = "SC_SHORT_ON_TIME_RECORD";
    public const string Utilisation = "SC_HIGH_UTILISATION";
    public const string RecentApplications = "SC_RECENT_APPLICATIONS";

    public static readonly IReadOnlyList<string> CheckSeverity = [Blacklist, Overdue, Dti, Ltv, UnsecuredCap, Provident, Velocity];
}
