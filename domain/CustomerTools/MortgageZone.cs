using System.ComponentModel.DataAnnotations;
using LifeWindow.Domain.Credit;

namespace LifeWindow.Domain.CustomerTools;

/// <summary>
/// The numbers of the monthly-payment investment plan (月供定投计划) suggestion, bound from <c>Policies:MortgageZone</c>.
/// Percentages as percent (30 = 30%), money in yuan.
/// </summary>
public sealed record MonthlyPlanPolicy
{
    public const string Section = "Policies:MortgageZone";

    /// <summary>The share of the month's surplus (income less debt service) suggested for the plan; the rest is left for living.</summary>
    [Range(typeof(decimal), "1", "100")]
    public decimal SurplusSharePct { get; init; } = 30m;

    /// <summary>Above this debt service (of income) no plan is suggested: the usual ceiling for 月供收入比.</summary>
    [Range(typeof(decimal), "1", "100")]
    public decimal MaxDebtServicePct { get; init; } = 50m;

    /// <summary>The smallest monthly amount worth a plan.</summary>
    [Range(typeof(decimal), "1", "100000")]
    public decimal MinMonthly { get; init; } = 500m;

    /// <summary>The suggestion is rounded down to a multiple of this.</summary>
    [Range(typeof(decimal), "1", "10000")]
    public decimal Step { get; init; } = 100m;

    /// <summary>The yield the illustration assumes (stated in the answer; not a promise of any product).</summary>
    [Range(typeof(decimal), "0", "20")]
    public decimal IllustrativeYieldPct { get; init; } = 3m;
}

/// <summary>One active mortgage as the zone shows it: what is owed, the rate, the months left, the monthly payment and its day of the month.</summary>
public sealed record ZoneMortgage(string AccountId, decimal Balance, decimal AnnualRatePct, int RemainingMonths, decimal MonthlyPayment, int PaymentDay);

/// <summary>
/// What the zone is built from, each part read under the consent it needs: <see cref="Own"/> from everything the bank
/// holds (the customer sees their own data), <see cref="ForCredit"/> from what the customer allowed for credit assessment,
/// <see cref="ForMarketing"/> from what they allowed for marketing (the suggestion).
/// </summary>
public sealed record MortgageZoneInputs
{
    public required string CustomerKey { get; init; }

    public required DateTimeOffset AsOf { get; init; }

    public required TagSet Own { get; init; }

    public required IReadOnlyList<ZoneMortgage> Mortgages { get; init; }

    public required TagSet ForCredit { get; init; }

    /// <summary>The unified exposure of the customer and co-owners from the exposure store (holds active now).</summary>
    public required ExposureSummary Household { get; init; }

    public IReadOnlyList<string> CoOwners { get; init; } = [];

    public required CreditPolicy Credit { get; init; }

    public required TagSet ForMarketing { get; init; }

    public required IReadOnlyList<Window> Windows { get; init; }

    public required MonthlyPlanPolicy Plan { get; init; }
}

/// <summary>The home: its value and the date of that value (appraisal or purchase), equity, LTV, and the mortgages on it.</summary>
public sealed record ZoneValuation(
    decimal? PropertyValue, DateOnly? ValuedOn, decimal? NetEquity, decimal? LtvPct, decimal? AppreciationPct,
    decimal MortgageBalance, int? RemainingTermMonths, decimal MonthlyPayment, IReadOnlyList<ZoneMortgage> Mortgages);

/// <summary>
/// Credit still available under the unified exposure: the unsecured cap of the city tier less the household's unsecured
/// exposure (consumer and business lines, active holds), and the line the DTI limit still allows; available is the
/// smaller, rounded down to the policy's step (0 below the smallest line); null when the DTI room cannot be known.
/// </summary>
public sealed record ZoneCredit(
    string? CityTier, decimal UnsecuredCap, ExposureSummary Household, IReadOnlyList<string> CoOwners, decimal Used, decimal Held,
    decimal CapRoom, decimal? DtiPct, decimal? DtiRoom, decimal? Available, decimal MinAmount, string PolicyVersion, IReadOnlyList<string> Missing);

public sealed record ZoneProduct(string Id, string Name, OfferKind Kind, int RiskLevel);

/// <summary>An open window shown to the customer: its rule, the offers it carries, when it opened and closes, and why.</summary>
public sealed record ZoneOffer(string WindowId, string RuleId, RuleCategory Category, IReadOnlyList<ZoneProduct> Offers, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, IReadOnlyList<string> Reasons);

/// <summary>
/// The 月供定投计划 suggestion: how it was reached (income, debt service, surplus), the amount and its debit day, and what
/// it would come to by the mortgage's end at the stated yield; <see cref="Suggested"/> false with <see cref="Reason"/> when not.
/// </summary>
public sealed record ZonePlan(
    bool Suggested, string Reason, decimal? MonthlyIncome, decimal? DebtService, decimal? DebtServicePct, decimal? Surplus,
    decimal MonthlyAmount, int? DebitDay, int Months, decimal AnnualYieldPct, decimal Contributed, decimal Gain, decimal Value,
    string? RiskAppetite, IReadOnlyList<ZoneProduct> Products, IReadOnlyList<string> Missing);

/// <summary>The mortgage-customer zone (房贷客户专区) as the app shows it.</summary>
public sealed record MortgageZoneView(string CustomerKey, DateTimeOffset AsOf, ZoneValuation Valuation, ZoneCredit Credit, IReadOnlyList<ZoneOffer> Offers, ZonePlan Plan);

/// <summary>
/// 房贷客户专区: the customer's home and mortgage, the credit left under the bank's unified exposure, the open offers
/// and a monthly-payment investment plan (月供定投计划). Pure: the caller reads the stores and the tags.
/// <para>
/// The plan's rule: debt service D is the larger of the Dti tag × income (every debt the bank holds) and the mortgages'
/// payments (the tag is rounded, and absent before an instalment is seen); no plan above
/// <see cref="MonthlyPlanPolicy.MaxDebtServicePct"/>; the suggestion is <see cref="MonthlyPlanPolicy.SurplusSharePct"/>
/// of (income − D), rounded down to the step, at least the minimum; debited the day after the mortgage's payment day
/// (at most the 28th) for the months the mortgage has left; its gain from <see cref="MortgageSimulator.MonthlyPlanGain"/>;
/// its products the catalog's wealth offers within the customer's risk level (<see cref="WealthHealth.ProductsWithin"/>).
/// </para>
/// </summary>
public static class MortgageZone
{
    public static MortgageZoneView Build(MortgageZoneInputs inputs, RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(catalog);
        var valuation = Valuation(inputs);
        return new MortgageZoneView(inputs.CustomerKey, inputs.AsOf, valuation, Credit(inputs), Offers(inputs, catalog), Plan(inputs, valuation, catalog));
    }

    /// <summary>The active mortgages of a view on <paramref name="today"/>: the latest instalment's amount and day, else the annuity and the start's day.</summary>
    public static IReadOnlyList<ZoneMortgage> MortgagesOf(ProfileView view, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(view);
        var mortgages = new List<ZoneMortgage>();
        foreach (var m in view.Mortgages.Where(m => m.Status == MortgageStatus.Active && m.StartDate <= today).OrderBy(m => m.AccountId, StringComparer.Ordinal))
        {
            var remaining = Math.Max(0, TagEngine.MonthsBetween(today, m.StartDate.AddMonths(m.TermMonths)));
            var due = view.Instalments.Where(i => i.AccountId == m.AccountId && i.DueDate <= today).MaxBy(i => i.DueDate);
            var payment = due?.AmountDue ?? (remaining > 0 && m.Balance > 0m ? MortgageSimulator.Instalment(m.Balance, m.AnnualRate * 100m, remaining) : 0m);
            mortgages.Add(new ZoneMortgage(m.AccountId, m.Balance, m.AnnualRate * 100m, remaining, payment, (due?.DueDate ?? m.StartDate).Day));
        }

        return mortgages;
    }

    private static ZoneValuation Valuation(MortgageZoneInputs inputs)
    {
        var own = inputs.Own;
        var value = own.Get(TagNames.PropertyValue);
        var remaining = own.Get(TagNames.RemainingTermMonths)?.Number;
        return new ZoneValuation(
            value?.Number, value?.Since, own.Get(TagNames.NetEquity)?.Number, own.Get(TagNames.LtvPct)?.Number, own.Get(TagNames.PropertyAppreciationPct)?.Number,
            inputs.Mortgages.Sum(m => m.Balance), remaining is null ? null : (int)remaining, inputs.Mortgages.Sum(m => m.MonthlyPayment), inputs.Mortgages);
    }

    private static ZoneCredit Credit(MortgageZoneInputs inputs)
    {
        var (tags, policy, household) = (inputs.ForCredit, inputs.Credit, inputs.Household);
        var missing = new List<string>();
        CityTier? tier = Enum.TryParse<CityTier>(tags.Get(TagNames.CityTier)?.Value, out var t) ? t : null;
        if (tier is null)
        {
            missing.Add($"{TagNames.CityTier}: no property registry data allowed for credit assessment; the policy's lower unsecured cap applies");
        }

        var income = tags.Get(TagNames.MonthlyIncome)?.Number;
        var dti = tags.Get(TagNames.Dti)?.Number;
        if (income is null)
        {
            missing.Add($"{TagNames.MonthlyIncome}: no provident-fund or payroll income allowed for credit assessment; the DTI room, and so the credit available, cannot be known");
        }
        else if (dti is null && inputs.Mortgages.Count > 0)
        {
            missing.Add($"{TagNames.Dti}: no instalment seen yet; the policy counts the existing debt service as 0");
        }

        var cap = policy.UnsecuredCapFor(tier);
        var capRoom = Math.Max(0m, cap - household.Unsecured);
        var dtiRoom = CreditEvaluator.DtiRoom(policy, new ApplicantFacts { CustomerKey = inputs.CustomerKey, MonthlyIncome = income, DtiPct = dti, Exposure = household });
        var room = dtiRoom is null ? (decimal?)null : Math.Floor(Math.Min(capRoom, dtiRoom.Value) / policy.AmountStep) * policy.AmountStep;
        var available = room is { } r && r < policy.MinAmount ? 0m : room;
        return new ZoneCredit(
            tier?.ToString(), cap, household, inputs.CoOwners, household.Consumer + household.Business, household.Holds,
            capRoom, dti, dtiRoom is { } d ? MortgageSimulator.Fen(d) : null, available, policy.MinAmount, policy.Version, missing);
    }

    /// <summary>Open Marketing and Service windows not yet past their close, soonest closing first; Risk windows are the bank's own signals, not offers.</summary>
    private static List<ZoneOffer> Offers(MortgageZoneInputs inputs, RuleCatalog catalog) =>
        [.. inputs.Windows
            .Where(w => w.State == WindowState.Open && w.Category != RuleCategory.Risk && w.ClosesAt > inputs.AsOf)
            .OrderBy(w => w.ClosesAt).ThenBy(w => w.Priority).ThenBy(w => w.WindowId, StringComparer.Ordinal)
            .Select(w => new ZoneOffer(w.WindowId, w.RuleId, w.Category, [.. w.CandidateOffers.Select(id => Product(catalog, id))], w.OpensAt, w.ClosesAt, w.Reasons))];

    private static ZoneProduct Product(RuleCatalog catalog, string id) =>
        catalog.Offers.FirstOrDefault(o => o.Id == id) is { } o ? Product(o) : new ZoneProduct(id, id, OfferKind.Service, 1);

    private static ZoneProduct Product(OfferDefinition o) => new(o.Id, o.Name, o.Kind, o.RiskLevel);

    private static ZonePlan Plan(MortgageZoneInputs inputs, ZoneValuation valuation, RuleCatalog catalog)
    {
        var (tags, policy) = (inputs.ForMarketing, inputs.Plan);
        var income = tags.Get(TagNames.MonthlyIncome)?.Number;
        RiskAppetite? appetite = Enum.TryParse<RiskAppetite>(tags.Get(TagNames.RiskAppetite)?.Value, out var a) ? a : null;
        var missing = new List<string>();
        if (income is not > 0m)
        {
            missing.Add($"{TagNames.MonthlyIncome}: no provident-fund or payroll income allowed for marketing");
        }

        if (appetite is null)
        {
            missing.Add($"{TagNames.RiskAppetite}: no risk assessment in force (风险测评); no product can be suggested without one");
        }

        var main = inputs.Mortgages.OrderByDescending(m => m.RemainingMonths).FirstOrDefault();
        var months = valuation.RemainingTermMonths ?? main?.RemainingMonths ?? 0;
        var none = NoPlan(policy, income, appetite, missing);
        if (main is null || months <= 0)
        {
            return none("no active mortgage with months left: the plan follows a mortgage's payments");
        }

        if (income is not > 0m || appetite is null)
        {
            return none("missing inputs");
        }

        var dti = tags.Get(TagNames.Dti)?.Number;
        var debtService = MortgageSimulator.Fen(Math.Max(dti is { } pct ? income.Value * pct / 100m : 0m, inputs.Mortgages.Sum(m => m.MonthlyPayment)));
        var debtServicePct = Math.Round(debtService * 100m / income.Value, 2, MidpointRounding.AwayFromZero);
        var surplus = income.Value - debtService;
        var amount = surplus <= 0m ? 0m : Math.Floor(surplus * policy.SurplusSharePct / 100m / policy.Step) * policy.Step;
        var products = WealthHealth.ProductsWithin(appetite.Value, catalog).Select(Product).ToList();
        var debitDay = Math.Min(28, main.PaymentDay + 1);
        if (Refusal(policy, debtServicePct, amount) is { } reason)
        {
            return new ZonePlan(false, reason, income, debtService, debtServicePct, surplus, 0m, debitDay, months, policy.IllustrativeYieldPct, 0m, 0m, 0m, appetite.ToString(), [], missing);
        }

        var contributed = amount * months;
        var gain = MortgageSimulator.MonthlyPlanGain(amount, months, policy.IllustrativeYieldPct);
        var why = string.Create(CultureInfo.InvariantCulture, $"{policy.SurplusSharePct}% of the {surplus} left after debt service, rounded down to {policy.Step}; debited on day {debitDay}, the day after the mortgage payment, for the {months} months the mortgage has left");
        return new ZonePlan(true, why, income, debtService, debtServicePct, surplus, amount, debitDay, months, policy.IllustrativeYieldPct, contributed, gain, contributed + gain, appetite.ToString(), products, missing);
    }

    /// <summary>Why no plan is suggested (the debt first, or too little to invest); null when one is.</summary>
    private static string? Refusal(MonthlyPlanPolicy policy, decimal debtServicePct, decimal amount) =>
        debtServicePct > policy.MaxDebtServicePct
            ? string.Create(CultureInfo.InvariantCulture, $"debt service takes {debtServicePct}% of income, above {policy.MaxDebtServicePct}%: the debt comes first")
            : amount < policy.MinMonthly
                ? string.Create(CultureInfo.InvariantCulture, $"{policy.SurplusSharePct}% of the surplus is {amount}, below the {policy.MinMonthly} a plan needs")
                : null;

    private static Func<string, ZonePlan> NoPlan(MonthlyPlanPolicy policy, decimal? income, RiskAppetite? appetite, List<string> missing) =>
        reason => new ZonePlan(false, reason, income, null, null, null, 0m, null, 0, policy.IllustrativeYieldPct, 0m, 0m, 0m, appetite?.ToString(), [], missing);
}
