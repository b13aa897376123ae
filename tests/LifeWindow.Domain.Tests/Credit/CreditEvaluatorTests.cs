using System.ComponentModel.DataAnnotations;

namespace LifeWindow.Domain.Tests.Credit;

/// <summary>The DOMAIN numbers: each check just passes at its limit and just fails past it.</summary>
public sealed class CreditEvaluatorTests
{
    private static readonly CreditPolicy Policy = new();

    /// <summary>A clean applicant in a provincial capital: income 30,000/month, DTI 20%, LTV 40%, 36 months on time, nothing unsecured.</summary>
    private static ApplicantFacts Clean(Func<ApplicantFacts, ApplicantFacts>? change = null)
    {
        var facts = new ApplicantFacts
        {
            CustomerKey = "k1",
            MonthlyIncome = 30_000m,
            DtiPct = 20m,
            LtvPct = 40m,
            MaxDaysPastDue24Months = 0,
            MaxDaysPastDue12Months = 0,
            ProvidentFundStatus = "Normal",
            OnTimeStreakMonths = 36,
            CityTier = CityTier.ProvincialCapitalOrAbove,
            ApplicationsInWindow = 1,
            Exposure = new ExposureSummary(1_000_000m, 0, 0, 0),
        };
        return change is null ? facts : change(facts);
    }

    private static CreditEvaluation Evaluate(ApplicantFacts facts, decimal amount = 200_000m) => CreditEvaluator.Evaluate(Policy, facts, amount);

    private static bool Passed(CreditEvaluation e, string check) => e.Checks.Single(c => c.Name == check).Passed;

    [Fact]
    public void Evaluate_CleanApplicant_ApprovesRequestedAmountAtThe08Rate()
    {
        var e = Evaluate(Clean());

        Assert.Equal(CreditOutcome.Approve, e.Outcome);
        Assert.Equal(200_000m, e.ApprovedAmount);
        Assert.Equal(3.48m, e.AnnualRatePct);
        Assert.All(e.Checks, c => Assert.True(c.Passed, c.Name));
        Assert.Equal(710, e.Score);
        Assert.Empty(e.ReasonCodes);
        Assert.Equal("credit-v1", e.PolicyVersion);
    }

    [Theory]
    [InlineData(12, 0, 3.48)]
    [InlineData(11, 0, 4.35)]
    [InlineData(36, 3, 4.35)]
    public void Evaluate_MortgageRecord_Clean12MonthsGetsTheDiscount(int streak, int dpd12, decimal rate) =>
        Assert.Equal(rate, Evaluate(Clean(f => f with { OnTimeStreakMonths = streak, MaxDaysPastDue12Months = dpd12, MaxDaysPastDue24Months = dpd12 })).AnnualRatePct);

    [Theory]
    [InlineData(54, true)] // room: 30,000 × 1% = 300/month ÷ 3% = 10,000 = the minimum line
    [InlineData(54.01, false)]
    [InlineData(55, false)]
    public void Evaluate_Dti_NeedsRoomForTheMinimumLineUnder55(decimal dti, bool passes)
    {
        var e = Evaluate(Clean(f => f with { DtiPct = dti }));
        Assert.Equal(passes, Passed(e, "Dti"));
        Assert.Equal(passes ? CreditOutcome.Approve : CreditOutcome.Decline, e.Outcome);
        Assert.Equal(passes ? 10_000m : 0m, e.ApprovedAmount);
        Assert.Equal(passes, !e.ReasonCodes.Contains(CreditReasons.Dti));
    }

    [Fact]
    public void Evaluate_DtiHeadroom_CapsTheAmount()
    {
        // DTI 30%: room 25% of 30,000 = 7,500/month ÷ 3% = 250,000.
        var e = Evaluate(Clean(f => f with { DtiPct = 30m }), 400_000m);
        Assert.Equal(CreditOutcome.Approve, e.Outcome);
        Assert.Equal(250_000m, e.ApprovedAmount);
        Assert.Equal(CreditReasons.AmountReduced, e.ReasonCodes[0]);
    }

    [Theory]
    [InlineData(CityTier.ProvincialCapitalOrAbove, 490_000, true)]
    [InlineData(CityTier.ProvincialCapitalOrAbove, 490_001, false)]
    [InlineData(CityTier.Prefecture, 290_000, true)]
    [InlineData(CityTier.Prefecture, 290_001, false)]
    [InlineData(CityTier.County, 300_000, false)]
    public void Evaluate_UnsecuredCap_50WanInCapitals30WanElsewhere(CityTier tier, decimal existingUnsecured, bool passes)
    {
        var e = Evaluate(Clean(f => f with { CityTier = tier, Exposure = new ExposureSummary(0, existingUnsecured - 5_000m, 0, 5_000m) }), 100_000m);
        Assert.Equal(passes, Passed(e, "UnsecuredCap"));
        if (passes)
        {
            Assert.Equal(10_000m, e.ApprovedAmount);
        }
        else
        {
            Assert.Equal(CreditOutcome.Decline, e.Outcome);
            Assert.Contains(CreditReasons.UnsecuredCap, e.ReasonCodes);
        }
    }

    [Fact]
    public void Evaluate_UnsecuredCap_CountsConsumerBusinessAndHoldsNotMortgages()
    {
        var e = Evaluate(Clean(f => f with { Exposure = new ExposureSummary(3_000_000m, 100_000m, 50_000m, 50_000m) }), 500_000m);
        Assert.Equal(CreditOutcome.Approve, e.Outcome);
        Assert.Equal(300_000m, e.ApprovedAmount);
    }

    [Theory]
    [InlineData(70, true)]
    [InlineData(70.01, false)]
    public void Evaluate_CombinedLtv_AtMost70(decimal ltv, bool passes) =>
        Assert.Equal(passes, Passed(Evaluate(Clean(f => f with { LtvPct = ltv })), "Ltv"));

    [Theory]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void Evaluate_Overdue_NoMoreThan30DaysIn24Months(int dpd, bool passes) =>
        Assert.Equal(passes, Passed(Evaluate(Clean(f => f with { MaxDaysPastDue24Months = dpd })), "Overdue"));

    [Theory]
    [InlineData("Normal", true)]
    [InlineData("Suspended", false)]
    [InlineData("Closed", false)]
    [InlineData(null, false)]
    public void Evaluate_ProvidentFund_MustBeNormal(string? status, bool passes) =>
        Assert.Equal(passes, Passed(Evaluate(Clean(f => f with { ProvidentFundStatus = status })), "ProvidentFund"));

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Evaluate_Velocity_ThreeApplicationsIn30DaysFails(int applications, bool passes) =>
        Assert.Equal(passes, Passed(Evaluate(Clean(f => f with { ApplicationsInWindow = applications })), "Velocity"));

    [Fact]
    public void Evaluate_Blacklisted_DeclinesWithBlacklistFirst()
    {
        var e = Evaluate(Clean(f => f with { Blacklisted = true, MaxDaysPastDue24Months = 60 }));
        Assert.Equal(CreditOutcome.Decline, e.Outcome);
        Assert.Equal([CreditReasons.Blacklist, CreditReasons.Overdue], e.ReasonCodes);
        Assert.Equal(0m, e.ApprovedAmount);
    }

    [Fact]
    public void Evaluate_EveryCheckFailing_ReasonsInSeverityOrderThenScoreFactorsMostNegativeFirst()
    {
        var e = Evaluate(Clean(f => f with
        {
            Blacklisted = true,
            MaxDaysPastDue24Months = 45,
            DtiPct = 60m,
            LtvPct = 80m,
            Exposure = new ExposureSummary(0, 500_000m, 0, 0),
            ProvidentFundStatus = "Suspended",
            ApplicationsInWindow = 3,
            OnTimeStreakMonths = 3,
        }));

        Assert.Equal(CreditOutcome.Decline, e.Outcome);
        Assert.Equal(
            [
                CreditReasons.Blacklist, CreditReasons.Overdue, CreditReasons.Dti, CreditReasons.Ltv, CreditReasons.UnsecuredCap, CreditReasons.Provident, CreditReasons.Velocity,
                CreditReasons.RecentApplications, CreditReasons.ShortRecord, CreditReasons.DtiHigh, CreditReasons.Utilisation, CreditReasons.LtvHigh,
            ],
            e.ReasonCodes);
    }

    [Fact]
    public void Evaluate_MiddlingScore_RefersWithRankedReasons()
    {
        // DTI 46 (-30), LTV 55 (0), streak 12 (0), nothing unsecured (+10), first application (+10): 590.
        var e = Evaluate(Clean(f => f with { DtiPct = 46m, LtvPct = 55m, OnTimeStreakMonths = 12 }), 100_000m);
        Assert.Equal(CreditOutcome.Refer, e.Outcome);
        Assert.Equal(590, e.Score);
        Assert.Equal([CreditReasons.ScoreLow, CreditReasons.DtiHigh], e.ReasonCodes);
    }

    [Fact]
    public void Evaluate_LowScore_Declines()
    {
        var e = Evaluate(Clean(f => f with { DtiPct = 46m, LtvPct = 65m, OnTimeStreakMonths = 6 }), 50_000m);
        Assert.Equal(CreditOutcome.Decline, e.Outcome);
        Assert.Equal([CreditReasons.ScoreLow, CreditReasons.ShortRecord, CreditReasons.DtiHigh, CreditReasons.LtvHigh], e.ReasonCodes);
    }

    [Fact]
    public void Evaluate_NoIncome_Refers() =>
        Assert.Equal(CreditOutcome.Refer, Evaluate(Clean(f => f with { MonthlyIncome = null })).Outcome);

    [Fact]
    public void Policy_Defaults_AreValid_AndABrokenOneIsNamed()
    {
        Assert.True(Validator.TryValidateObject(Policy, new ValidationContext(Policy), [], validateAllProperties: true));

        var results = new List<ValidationResult>();
        var broken = Policy with { UnsecuredCapOther = 600_000m, ApprovalTimeout = TimeSpan.Zero };
        Assert.False(Validator.TryValidateObject(broken, new ValidationContext(broken), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(CreditPolicy.UnsecuredCapOther)));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(CreditPolicy.ApprovalTimeout)));
    }
}
