namespace LifeWindow.Domain.Credit;

/// <summary>
/// The credit policy as a pure function: checks, scorecard, then Approve / Decline / Refer with amount and
/// rate. Deterministic (no clock, no I/O), so the orchestrator runs it inline and replays it identically.
/// </summary>
public static class CreditEvaluator
{
    public static CreditEvaluation Evaluate(CreditPolicy policy, ApplicantFacts applicant, decimal requestedAmount)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(applicant);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestedAmount);

        var cap = policy.UnsecuredCapFor(applicant.CityTier);
        var capRoom = Math.Max(0, cap - applicant.Exposure.Unsecured);
        var dtiRoom = DtiRoom(policy, applicant);
        var clean = applicant.OnTimeStreakMonths >= policy.CleanRecordMonths && (applicant.MaxDaysPastDue12Months ?? 0) == 0;

        var checks = new List<PolicyCheck>
        {
            Check("Blacklist", !applicant.Blacklisted, CreditReasons.Blacklist, applicant.Blacklisted ? "on the blacklist" : "not listed"),
            Check(
                "Overdue",
                (applicant.MaxDaysPastDue24Months ?? 0) <= policy.MaxDaysPastDue24Months,
                CreditReasons.Overdue,
                I($"max days past due in 24 months {applicant.MaxDaysPastDue24Months ?? 0} (limit {policy.MaxDaysPastDue24Months})")),
            dtiRoom is null
                ? Check("Dti", false, CreditReasons.NoIncome, "no monthly income on the profile")
                : Check("Dti", dtiRoom.Value >= policy.MinAmount, CreditReasons.Dti, I($"DTI {applicant.DtiPct ?? 0}% (limit {policy.MaxDtiPct}%), room for {Math.Round(dtiRoom.Value, 2)}")),
            Check("Ltv", (applicant.LtvPct ?? 0) <= policy.MaxCombinedLtvPct, CreditReasons.Ltv, I($"combined LTV {applicant.LtvPct ?? 0}% (limit {policy.MaxCombinedLtvPct}%)")),
            Check("UnsecuredCap", capRoom >= policy.MinAmount, CreditReasons.UnsecuredCap, I($"unsecured exposure {applicant.Exposure.Unsecured} of cap {cap}, room {capRoom}")),
            Check(
                "ProvidentFund",
                string.Equals(applicant.ProvidentFundStatus, policy.RequiredProvidentStatus, StringComparison.OrdinalIgnoreCase),
                CreditReasons.Provident,
                I($"provident fund status {applicant.ProvidentFundStatus ?? "(none)"}")),
            Check(
                "Velocity",
                applicant.ApplicationsInWindow < policy.VelocityMaxApplications,
                CreditReasons.Velocity,
                I($"{applicant.ApplicationsInWindow} applications in {policy.VelocityWindowDays} days (limit {policy.VelocityMaxApplications - 1})")),
        };

        var factors = Score(policy, applicant, cap);
        var score = policy.Scorecard.BasePoints + factors.Sum(f => f.Points);
        var negatives = factors.Where(f => f.Points < 0 && f.ReasonCode is not null)
            .OrderBy(f => f.Points).ThenBy(f => f.ReasonCode, StringComparer.Ordinal)
            .Select(f => f.ReasonCode!).ToList();
        var failed = checks.Where(c => !c.Passed).Select(c => c.ReasonCode!).ToList();
        var hardFails = CreditReasons.CheckSeverity.Where(failed.Contains).ToList();

        CreditEvaluation Result(CreditOutcome outcome, IEnumerable<string> reasons, decimal amount = 0, decimal rate = 0) => new()
        {
            Outcome = outcome,
            RequestedAmount = requestedAmount,
            ApprovedAmount = amount,
            AnnualRatePct = rate,
            Checks = checks,
            Scorecard = factors,
            Score = score,
            ReasonCodes = [.. reasons.Distinct(StringComparer.Ordinal)],
            UnsecuredCap = cap,
            PolicyVersion = policy.Version,
            CleanMortgageRecord = clean,
        };

        if (hardFails.Count > 0)
        {
            return Result(CreditOutcome.Decline, hardFails.Concat(negatives));
        }

        if (failed.Contains(CreditReasons.NoIncome))
        {
            return Result(CreditOutcome.Refer, negatives.Prepend(CreditReasons.NoIncome));
        }

        if (score < policy.Scorecard.ReferScore)
        {
            return Result(CreditOutcome.Decline, negatives.Prepend(CreditReasons.ScoreLow));
        }

        if (score < policy.Scorecard.ApproveScore)
        {
            return Result(CreditOutcome.Refer, negatives.Prepend(CreditReasons.ScoreLow));
        }

        var room = Math.Floor(Math.Min(capRoom, dtiRoom!.Value) / policy.AmountStep) * policy.AmountStep;
        var amount = Math.Min(requestedAmount, room);
        var rate = Math.Round(clean ? policy.BaseAnnualRatePct * policy.CleanRecordRateFactor : policy.BaseAnnualRatePct, 4, MidpointRounding.AwayFromZero);
        var reasons = amount < requestedAmount ? negatives.Prepend(CreditReasons.AmountReduced) : negatives;
        return Result(CreditOutcome.Approve, reasons, amount, rate);
    }

    /// <summary>The largest line whose stressed monthly payment keeps DTI within the limit; null without an income.</summary>
    public static decimal? DtiRoom(CreditPolicy policy, ApplicantFacts applicant)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(applicant);
        if (applicant.MonthlyIncome is not > 0)
        {
            return null;
        }

        var paymentRoom = applicant.MonthlyIncome.Value * (policy.MaxDtiPct - (applicant.DtiPct ?? 0)) / 100m;
        return Math.Max(0, paymentRoom * 100m / policy.DtiStressPaymentPct);
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static PolicyCheck Check(string name, bool passed, string reason, string detail) => new(name, passed, passed ? null : reason, detail);

    private static List<ScoreFactor> Score(CreditPolicy policy, ApplicantFacts a, decimal cap)
    {
        var w = policy.Scorecard;
        var dti = a.DtiPct ?? 0;
        var ltv = a.LtvPct ?? 0;
        var utilisation = cap > 0 ? a.Exposure.Unsecured * 100m / cap : 100m;
        var earlier = a.ApplicationsInWindow - 1;
        return
        [
            Band("Dti", dti <= w.DtiGoodPct, dti <= w.DtiNeutralPct, w.DtiGoodPoints, w.DtiBadPoints, CreditReasons.DtiHigh),
            Band("Ltv", ltv <= w.LtvGoodPct, ltv <= w.LtvNeutralPct, w.LtvGoodPoints, w.LtvBadPoints, CreditReasons.LtvHigh),
            a.OnTimeStreakMonths is { } streak
                ? Band("OnTimeRecord", streak >= w.StreakGoodMonths, streak >= w.StreakNeutralMonths, w.StreakGoodPoints, w.StreakBadPoints, CreditReasons.ShortRecord)
                : new ScoreFactor("OnTimeRecord", 0, null),
            Band("Utilisation", utilisation <= w.UtilisationGoodPct, utilisation <= w.UtilisationNeutralPct, w.UtilisationGoodPoints, w.UtilisationBadPoints, CreditReasons.Utilisation),
            Band("RecentApplications", earlier <= 0, earlier == 1, w.NoRecentApplicationPoints, w.RecentApplicationsBadPoints, CreditReasons.RecentApplications),
        ];
    }

    private static ScoreFactor Band(string name, bool good, bool neutral, int goodPoints, int badPoints, string reason) =>
        good ? new(name, goodPoints, null) : neutral ? new(name, 0, null) : new(name, badPoints, reason);
}
