namespace LifeWindow.Domain.CustomerTools;

/// <summary>等额本息 (equal instalments: the same payment every month) or 等额本金 (equal principal: the same principal every month, interest on what is left).</summary>
public enum RepaymentMethod
{
    EqualInstalment,
    EqualPrincipal,
}

/// <summary>What a prepayment buys: the same term with a lower payment, or the same payment (principal, for equal principal) over fewer months.</summary>
public enum PrepaymentMode
{
    LowerPayment,
    ShortenTerm,
}

/// <summary>A mortgage as the simulator takes it: what is owed, the annual rate in per cent, the months left and how it is repaid.</summary>
public sealed record MortgageTerms(decimal Principal, decimal AnnualRatePct, int Months, RepaymentMethod Method)
{
    public decimal MonthlyRate => AnnualRatePct / 1200m;
}

/// <summary>One month of a schedule: what is paid, split into principal and interest, and the balance after it, in yuan to the fen.</summary>
public sealed record RepaymentMonth(int Month, decimal Payment, decimal Principal, decimal Interest, decimal Balance);

public sealed record RepaymentSchedule(MortgageTerms Terms, IReadOnlyList<RepaymentMonth> Payments)
{
    public decimal FirstPayment => Payments.Count == 0 ? 0m : Payments[0].Payment;

    public decimal LastPayment => Payments.Count == 0 ? 0m : Payments[^1].Payment;

    public decimal TotalInterest => Payments.Sum(p => p.Interest);

    public decimal TotalPaid => Payments.Sum(p => p.Payment);

    /// <summary>Interest of the months after <paramref name="month"/>.</summary>
    public decimal InterestAfter(int month) => Payments.Where(p => p.Month > month).Sum(p => p.Interest);

    /// <summary>What is owed after <paramref name="month"/> payments (the principal before the first).</summary>
    public decimal BalanceAfter(int month) => month <= 0 ? Terms.Principal : Payments[Math.Min(month, Payments.Count) - 1].Balance;
}

/// <summary>A prepayment after some month: the schedule that follows it, against the one that would have.</summary>
public sealed record PrepaymentOutcome(
    int AfterMonth,
    decimal Amount,
    PrepaymentMode Mode,
    RepaymentSchedule Before,
    RepaymentSchedule After)
{
    public decimal InterestSaved => Before.InterestAfter(AfterMonth) - After.TotalInterest;

    public int MonthsSaved => Before.Terms.Months - AfterMonth - After.Terms.Months;

    /// <summary>The first payment after the prepayment against the payment it replaces.</summary>
    public decimal PaymentChange => After.FirstPayment - Before.Payments[AfterMonth].Payment;
}

/// <summary>
/// Prepaying an amount, against investing it at a yield for the months the mortgage had left: all at once, or in a
/// monthly plan (定投) of <see cref="MonthlyPart"/> a month, the rest waiting uninvested until its month comes.
/// </summary>
public sealed record PrepayOrInvest(PrepaymentOutcome Prepayment, decimal AnnualYieldPct, int Months, decimal InvestmentGain, decimal BreakEvenYieldPct, decimal? MonthlyPart = null)
{
    /// <summary>Prepay when it saves more interest than the investment would earn (both nominal, over the same months).</summary>
    public bool PrepayIsBetter => Prepayment.InterestSaved > InvestmentGain;
}

/// <summary>Moving what is owed to a new rate (转贷降息), paying the fees once.</summary>
public sealed record RefinanceOutcome(int AfterMonth, decimal Fees, RepaymentSchedule Current, RepaymentSchedule Refinanced, int? BreakEvenMonth)
{
    public decimal InterestSaved => Current.InterestAfter(AfterMonth) - Refinanced.TotalInterest;

    public decimal NetSaving => InterestSaved - Fees;
}

/// <summary>
/// 按揭还款模拟器: repayment schedules to the fen and what prepaying, investing instead or refinancing would change.
/// Conventions (those of the standard PMT/IPMT formulas and of Chinese banks' schedules): the monthly rate is the annual
/// rate / 12; the equal instalment is PMT rounded to the fen; each month's interest is the balance × the monthly rate,
/// rounded to the fen (half away from zero); the principal is the payment less the interest; the last month pays what is
/// left, so the balance ends at exactly 0.00.
/// </summary>
public static class MortgageSimulator
{
    public const int MaxMonths = 360;

    public static RepaymentSchedule Schedule(MortgageTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Validate(terms);
        var payments = new List<RepaymentMonth>(terms.Months);
        var balance = terms.Principal;
        var instalment = terms.Method == RepaymentMethod.EqualInstalment ? Instalment(terms.Principal, terms.AnnualRatePct, terms.Months) : 0m;
        var principalPart = terms.Method == RepaymentMethod.EqualPrincipal ? Fen(terms.Principal / terms.Months) : 0m;
        for (var month = 1; month <= terms.Months; month++)
        {
            var interest = Fen(balance * terms.MonthlyRate);
            var principal = month == terms.Months
                ? balance
                : Math.Min(balance, terms.Method == RepaymentMethod.EqualInstalment ? instalment - interest : principalPart);
            balance -= principal;
            payments.Add(new RepaymentMonth(month, principal + interest, principal, interest, balance));
        }

        return new RepaymentSchedule(terms, payments);
    }

    /// <summary>The equal instalment: PMT(monthly rate, months, principal), rounded to the fen (the tags' own annuity).</summary>
    public static decimal Instalment(decimal principal, decimal annualRatePct, int months) =>
        TagEngine.Annuity(principal, annualRatePct / 100m, months);

    /// <summary>Pays <paramref name="amount"/> off after payment <paramref name="afterMonth"/> (0: before the first).</summary>
    public static PrepaymentOutcome Prepay(MortgageTerms terms, int afterMonth, decimal amount, PrepaymentMode mode)
    {
        var before = Schedule(terms);
        if (afterMonth < 0 || afterMonth >= terms.Months)
        {
            throw new ArgumentOutOfRangeException(nameof(afterMonth), $"must be 0 to {terms.Months - 1}");
        }

        var owed = before.BalanceAfter(afterMonth);
        if (amount <= 0m || amount >= owed)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), $"must be more than 0 and less than the {owed:0.00} owed then");
        }

        var left = owed - amount;
        var remaining = terms.Months - afterMonth;
        var months = mode == PrepaymentMode.LowerPayment ? remaining : ShortenedMonths(terms, before.Payments[afterMonth], left, remaining);
        return new PrepaymentOutcome(afterMonth, amount, mode, before, Schedule(terms with { Principal = left, Months = months }));
    }

    /// <summary>
    /// Prepaying against investing the same amount at <paramref name="annualYieldPct"/> (compounded monthly) for the months
    /// the mortgage had left: at once, or <paramref name="monthlyPart"/> a month from the first month on.
    /// </summary>
    public static PrepayOrInvest Compare(MortgageTerms terms, int afterMonth, decimal amount, PrepaymentMode mode, decimal annualYieldPct, decimal? monthlyPart = null)
    {
        if (monthlyPart is <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(monthlyPart), "must be more than 0");
        }

        var prepayment = Prepay(terms, afterMonth, amount, mode);
        var months = terms.Months - afterMonth;
        var plan = Plan(amount, monthlyPart ?? amount, months);
        return new PrepayOrInvest(prepayment, annualYieldPct, months, Gain(plan, annualYieldPct), BreakEvenYield(plan, prepayment.InterestSaved), monthlyPart);
    }

    /// <summary>
    /// What a monthly plan (定投) of <paramref name="monthly"/> a month for <paramref name="months"/> months gains at
    /// <paramref name="annualYieldPct"/>: the investing side of <see cref="Compare"/> with a monthly part, without a
    /// prepayment beside it (the first part is invested for all the months, the last for one).
    /// </summary>
    public static decimal MonthlyPlanGain(decimal monthly, int months, decimal annualYieldPct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(monthly);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        return Gain(Plan(monthly * months, monthly, months), annualYieldPct);
    }

    /// <summary>Refinances what is owed after <paramref name="afterMonth"/> at <paramref name="newAnnualRatePct"/> for the same months left, by the same method.</summary>
    public static RefinanceOutcome Refinance(MortgageTerms terms, int afterMonth, decimal newAnnualRatePct, decimal fees)
    {
        var current = Schedule(terms);
        if (afterMonth < 0 || afterMonth >= terms.Months)
        {
            throw new ArgumentOutOfRangeException(nameof(afterMonth), $"must be 0 to {terms.Months - 1}");
        }

        var refinanced = Schedule(terms with { Principal = current.BalanceAfter(afterMonth), AnnualRatePct = newAnnualRatePct, Months = terms.Months - afterMonth });
        return new RefinanceOutcome(afterMonth, fees, current, refinanced, BreakEven(current, refinanced, afterMonth, fees));
    }

    public static decimal Fen(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);

    private static void Validate(MortgageTerms terms)
    {
        if (terms.Principal <= 0m || terms.Principal > 100_000_000m)
        {
            throw new ArgumentOutOfRangeException(nameof(terms), "principal must be more than 0 and at most 1亿");
        }

        if (terms.AnnualRatePct < 0m || terms.AnnualRatePct > 24m)
        {
            throw new ArgumentOutOfRangeException(nameof(terms), "the annual rate must be 0 to 24 per cent");
        }

        if (terms.Months is < 1 or > MaxMonths)
        {
            throw new ArgumentOutOfRangeException(nameof(terms), $"months must be 1 to {MaxMonths}");
        }
    }

    /// <summary>
    /// The months the rest takes at the payment it replaces: for equal instalments the fewest months whose instalment is
    /// no more than the current payment; for equal principal the months at the same monthly principal.
    /// </summary>
    private static int ShortenedMonths(MortgageTerms terms, RepaymentMonth next, decimal left, int remaining)
    {
        if (terms.Method == RepaymentMethod.EqualPrincipal)
        {
            return Math.Clamp((int)Math.Ceiling(left / next.Principal), 1, remaining);
        }

        var months = 1;
        while (months < remaining && Instalment(left, terms.AnnualRatePct, months) > next.Payment)
        {
            months++;
        }

        return months;
    }

    /// <summary>The investments of a plan: each part and the months it stays invested (the last part may be smaller; a part whose month never comes is left out).</summary>
    private static List<(decimal Part, int Months)> Plan(decimal amount, decimal monthlyPart, int months)
    {
        var plan = new List<(decimal, int)>();
        for (var (left, month) = (amount, 0); left > 0m && month < months; month++)
        {
            var part = Math.Min(monthlyPart, left);
            plan.Add((part, months - month));
            left -= part;
        }

        return plan;
    }

    private static decimal Gain(List<(decimal Part, int Months)> plan, decimal annualYieldPct) =>
        Fen(plan.Sum(p => p.Part * (decimal)(Math.Pow(1 + (double)(annualYieldPct / 1200m), p.Months) - 1)));

    /// <summary>The yield at which investing earns what prepaying saves (bisection to a hundredth of a per cent).</summary>
    private static decimal BreakEvenYield(List<(decimal Part, int Months)> plan, decimal saved)
    {
        decimal low = 0m, high = 50m;
        while (high - low > 0.001m)
        {
            var mid = (low + high) / 2m;
            (low, high) = Gain(plan, mid) < saved ? (mid, high) : (low, mid);
        }

        return Math.Round(high, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>The month after the refinance by which the payments saved have paid the fees back; null when they never do.</summary>
    private static int? BreakEven(RepaymentSchedule current, RepaymentSchedule refinanced, int afterMonth, decimal fees)
    {
        var saved = 0m;
        foreach (var payment in refinanced.Payments)
        {
            saved += current.Payments[afterMonth + payment.Month - 1].Payment - payment.Payment;
            if (saved >= fees)
            {
                return payment.Month;
            }
        }

        return null;
    }
}
