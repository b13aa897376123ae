namespace LifeWindow.Domain.Credit;

/// <summary>
/// The product of seed 001: a revolving 备用金 line. During the interest-only period (先息) the customer
/// draws and repays any time and pays only interest; then the outstanding balance is repaid in equal
/// principal parts plus interest (后本). Interest accrues daily on the outstanding balance at annual
/// rate / 360 and is billed rounded to the fen; repayments pay billed-or-accrued interest first.
/// Money is decimal throughout.
/// </summary>
public sealed class RevolvingLine
{
    private decimal accrued;
    private DateOnly accruedTo;

    public RevolvingLine(decimal limit, decimal annualRatePct, DateOnly opened, int interestOnlyMonths, int principalMonths)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(annualRatePct);
        ArgumentOutOfRangeException.ThrowIfNegative(interestOnlyMonths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(principalMonths);
        Limit = limit;
        AnnualRatePct = annualRatePct;
        Opened = opened;
        InterestOnlyMonths = interestOnlyMonths;
        PrincipalMonths = principalMonths;
        accruedTo = opened;
    }

    public decimal Limit { get; }

    public decimal AnnualRatePct { get; }

    public DateOnly Opened { get; }

    public int InterestOnlyMonths { get; }

    public int PrincipalMonths { get; }

    public decimal Outstanding { get; private set; }

    public decimal Available => Limit - Outstanding;

    /// <summary>Last day draws are allowed; from here on only principal is repaid.</summary>
    public DateOnly InterestOnlyEnds => Opened.AddMonths(InterestOnlyMonths);

    public DateOnly Matures => InterestOnlyEnds.AddMonths(PrincipalMonths);

    /// <summary>Interest accrued and not yet paid, to the fen.</summary>
    public decimal InterestDue => Round(accrued);

    public static RevolvingLine Open(decimal limit, decimal annualRatePct, DateOnly opened, CreditPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(limit, annualRatePct, opened, policy.InterestOnlyMonths, policy.PrincipalMonths);
    }

    /// <summary>Accrues interest up to (not including) <paramref name="on"/>.</summary>
    public void AccrueTo(DateOnly on)
    {
        if (on < accruedTo)
        {
            throw new InvalidOperationException($"Cannot accrue back to {on:yyyy-MM-dd}; already accrued to {accruedTo:yyyy-MM-dd}.");
        }

        accrued += Outstanding * AnnualRatePct / 100m / 360m * (on.DayNumber - accruedTo.DayNumber);
        accruedTo = on;
    }

    public void Draw(DateOnly on, decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        if (on < Opened || on >= InterestOnlyEnds)
        {
            throw new InvalidOperationException("Draws are allowed only in the interest-only (revolving) period.");
        }

        if (amount > Available)
        {
            throw new InvalidOperationException($"Draw of {amount} exceeds the available {Available}.");
        }

        AccrueTo(on);
        Outstanding += amount;
    }

    /// <summary>Pays interest first, then principal. Returns what was applied to principal; paying more than is owed is refused.</summary>
    public decimal Repay(DateOnly on, decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        AccrueTo(on);
        var interest = Math.Min(amount, InterestDue);
        var principal = amount - interest;
        if (principal > Outstanding)
        {
            throw new InvalidOperationException($"Repayment of {amount} exceeds what is owed ({InterestDue + Outstanding}).");
        }

        accrued = Math.Max(0, accrued - interest);
        Outstanding -= principal;
        return principal;
    }

    /// <summary>
    /// The remaining monthly payments if nothing more is drawn: interest only on each monthly anniversary
    /// until <see cref="InterestOnlyEnds"/>, then equal principal parts plus interest on the declining
    /// balance (monthly rate = annual / 12), the last part taking the rounding remainder.
    /// </summary>
    public IReadOnlyList<ScheduledPayment> Schedule(DateOnly from)
    {
        var payments = new List<ScheduledPayment>();
        var balance = Outstanding;
        var monthlyRate = AnnualRatePct / 100m / 12m;
        var dues = Enumerable.Range(1, InterestOnlyMonths + PrincipalMonths).Select(n => (N: n, Due: Opened.AddMonths(n))).Where(d => d.Due > from).ToList();
        var principalDues = dues.Count(d => d.N > InterestOnlyMonths);
        var part = principalDues > 0 ? Round(balance / principalDues) : 0;
        foreach (var (n, due) in dues)
        {
            if (balance <= 0)
            {
                break;
            }

            var interest = Round(balance * monthlyRate);
            var principal = n <= InterestOnlyMonths ? 0m : n == InterestOnlyMonths + PrincipalMonths ? balance : Math.Min(part, balance);
            balance -= principal;
            payments.Add(new ScheduledPayment(due, interest, principal, balance));
        }

        return payments;
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

public sealed record ScheduledPayment(DateOnly DueDate, decimal Interest, decimal Principal, decimal BalanceAfter)
{
    public decimal Total => Interest + Principal;
}
