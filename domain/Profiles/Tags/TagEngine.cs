namespace LifeWindow.Domain.Profiles;

/// <summary>
/// Computes a customer's tags as of a moment in valid time from the profile's view: only what was true
/// by then counts, so the same engine answers "now" for the feed path and "back then" for anchors and backtests.
/// Each tag carries the day its current value (or run) began and the facts it came from.
/// </summary>
public static class TagEngine
{
    public static TagSet Compute(CustomerProfile profile, TagSettings settings, DateTimeOffset asOf) =>
        Compute(ProfileFolder.ViewOf(profile, settings), settings, asOf, profile.CustomerKey);

    /// <param name="householdAum">Latest AUM of the co-owners whose profiles are known (for HouseholdAum).</param>
    /// <param name="only">Compute only these tags (and what they need; the set may hold more); every tag when null.</param>
    public static TagSet Compute(ProfileView view, TagSettings settings, DateTimeOffset asOf, string customerKey, IReadOnlyDictionary<string, decimal>? householdAum = null, TagSelection? only = null)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(settings);
        var context = new Context(view, settings, BusinessClock.ToBusinessDate(asOf), customerKey, householdAum);
        var run = only ?? TagSelection.All;
        var tags = new List<Tag>();
        foreach (var (group, compute) in Groups)
        {
            if (run.Runs(group))
            {
                compute(context, tags);
            }
        }

        return new TagSet(asOf, tags);
    }

    /// <summary>The groups in the order they run: Loans amends Mortgage's arrears tags, Person reads earlier groups' tags.</summary>
    private static readonly (TagGroups Group, Action<Context, List<Tag>> Compute)[] Groups =
    [
        (TagGroups.Income, Income),
        (TagGroups.Mortgage, Mortgage),
        (TagGroups.Loans, Loans),
        (TagGroups.Debt, Debt),
        (TagGroups.Property, Property),
        (TagGroups.Assets, Assets),
        (TagGroups.Business, Business),
        (TagGroups.Person, Person),
        (TagGroups.Behaviour, Behaviour),
    ];

    private sealed record Context(ProfileView View, TagSettings Settings, DateOnly Day, string CustomerKey, IReadOnlyDictionary<string, decimal>? HouseholdAum)
    {
        public YearMonth Month => YearMonth.From(Day);

        public IReadOnlyList<PfMonth> ProvidentFund => field ??= [.. View.ProvidentFund.Where(m => m.Period.FirstDay <= Day)];

        public IReadOnlyList<MortgageState> ActiveMortgages => field ??= [.. View.Mortgages.Where(m => m.Status == MortgageStatus.Active && m.StartDate <= Day)];

        public IReadOnlyList<Instalment> Instalments => field ??= [.. View.Instalments.Where(i => i.DueDate <= Day)];

        /// <summary>Active consumer and business loans as last reported by this day.</summary>
        public IReadOnlyList<LoanState> ActiveLoans => field ??= [.. View.Loans.Where(l => l.Status == LoanStatus.Active && l.AsOf <= Day)];

        public AumMonth? LatestAum => View.Aum.LastOrDefault(m => m.LastAsOf <= Day);
    }

    private static void Income(Context c, List<Tag> tags)
    {
        var pf = c.ProvidentFund;
        (decimal Pct, PfMonth YearAgo)? growthOverYear = null;
        if (pf.Count > 0)
        {
            var latest = pf[^1];
            var s = c.Settings;
            if (IncomeGrowthPct(pf, pf.Count - 1) is { } growth)
            {
                var yearAgo = pf.First(f => f.Period == latest.Period.AddMonths(-12));
                growthOverYear = (growth, yearAgo);
                tags.Add(Tag.Of(TagNames.IncomeGrowthPct, growth, latest.Period.FirstDay, [latest.Evidence, yearAgo.Evidence]));
            }

            var isPublic = s.IsPublicSector(latest.Sector);
            var sectorRun = RunStart(pf, f => s.IsPublicSector(f.Sector) == isPublic);
            tags.Add(Tag.Of(TagNames.PublicSector, isPublic, pf[sectorRun].Period.FirstDay, [latest.Evidence]));
            if (isPublic && sectorRun > 0 && pf[sectorRun - 1].Period == pf[sectorRun].Period.AddMonths(-1))
            {
                tags.Add(Tag.Of(TagNames.MovedToPublicSector, true, pf[sectorRun].Period.FirstDay, [pf[sectorRun].Evidence, pf[sectorRun - 1].Evidence]));
            }

            var statusRun = RunStart(pf, f => f.Status == latest.Status);
            tags.Add(Tag.Of(TagNames.ProvidentFundStatus, latest.Status.ToString(), pf[statusRun].Period.FirstDay, [latest.Evidence]));

            var normalMonths = latest.Status == ContributionStatus.Normal ? pf.Count - statusRun : 0;
            tags.Add(normalMonths >= s.IncomeStableMonths
                ? Tag.Of(TagNames.IncomeStable, true, pf[statusRun + s.IncomeStableMonths - 1].Period.FirstDay, [latest.Evidence])
                : Tag.Of(TagNames.IncomeStable, false, pf[statusRun].Period.FirstDay, [latest.Evidence]));
        }

        var payroll = PayrollWindow(c);
        if (payroll.Count > 0)
        {
            tags.Add(Tag.Of(TagNames.PayrollMonthly, payroll.Sum(m => m.Amount) / c.Settings.PayrollMonths, payroll[0].Month.FirstDay, Evidence(payroll.SelectMany(m => m.Evidence))));
        }

        if (MonthlyIncome(c) is { } income)
        {
            tags.Add(Tag.Of(TagNames.MonthlyIncome, income.Amount, income.Since, income.Evidence));
        }

        if (IncomeDrop(c, growthOverYear) is { } drop)
        {
            tags.Add(Tag.Of(TagNames.IncomeDropPct, drop.Pct, drop.Since, drop.Evidence));
        }
    }

    /// <summary>
    /// The larger year-on-year fall of two income measures: a recent (last 3 months) contribution base against the same
    /// month a year earlier, and the median month of payroll over the last tags.payrollMonths complete months against the
    /// same months a year earlier (complete months only, so a salary not yet credited this month is no fall; the median, so
    /// a bonus month is no fall either). Null when neither compares.
    /// </summary>
    /// <param name="growthOverYear">The latest contribution base's growth over the same month a year earlier, as the income group computed it.</param>
    private static (decimal Pct, DateOnly Since, IReadOnlyList<string> Evidence)? IncomeDrop(Context c, (decimal Pct, PfMonth YearAgo)? growthOverYear)
    {
        var drops = new List<(decimal Pct, DateOnly Since, IReadOnlyList<string> Evidence)>();
        var pf = c.ProvidentFund;
        if (growthOverYear is { } growth && pf[^1].Period > c.Month.AddMonths(-3))
        {
            drops.Add((-growth.Pct, pf[^1].Period.FirstDay, [pf[^1].Evidence, growth.YearAgo.Evidence]));
        }

        var months = c.Settings.PayrollMonths;
        var last = c.Month.AddMonths(-1);
        var recent = c.View.Payroll.Where(m => m.Month <= last && m.Month > last.AddMonths(-months)).ToList();
        var earlier = c.View.Payroll.Where(m => m.Month <= last.AddMonths(-12) && m.Month > last.AddMonths(-12 - months)).ToList();
        if (Median(recent) is { } now && Median(earlier) is { } before && now > 0 && before > 0)
        {
            var pct = Math.Round((before - now) * 100m / before, 2, MidpointRounding.AwayFromZero);
            drops.Add((pct, recent[0].Month.FirstDay, Evidence(recent.Concat(earlier).SelectMany(m => m.Evidence))));
        }

        return drops.Count == 0 ? null : drops.MaxBy(d => d.Pct);
    }

    /// <summary>The middle month's payroll (mean of the middle two): a bonus month a year ago is not a fall now.</summary>
    private static decimal? Median(List<MoneyMonth> months)
    {
        if (months.Count == 0)
        {
            return null;
        }

        var sorted = months.Select(m => m.Amount).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2m;
    }

    private static void Mortgage(Context c, List<Tag> tags)
    {
        var active = c.ActiveMortgages;
        if (active.Count > 0)
        {
            tags.Add(Tag.Of(TagNames.HasMortgage, true, active.Min(m => m.StartDate), Evidence(active.Select(m => m.Evidence))));
        }
        else if (c.View.Mortgages.Count > 0)
        {
            tags.Add(Tag.Of(TagNames.HasMortgage, false, c.View.Mortgages.Max(m => m.StartDate), Evidence(c.View.Mortgages.Select(m => m.Evidence))));
        }

        if (active.Count > 0)
        {
            var oldest = active.MinBy(m => m.StartDate)!;
            tags.Add(Tag.Of(TagNames.MortgageSeasoningMonths, MonthsBetween(oldest.StartDate, c.Day), oldest.StartDate, [oldest.Evidence]));
            var lastEnding = active.MaxBy(m => m.StartDate.AddMonths(m.TermMonths))!;
            tags.Add(Tag.Of(TagNames.RemainingTermMonths, Math.Max(0, MonthsBetween(c.Day, lastEnding.StartDate.AddMonths(lastEnding.TermMonths))), lastEnding.StartDate, [lastEnding.Evidence]));
        }

        if (c.Instalments.Count == 0)
        {
            return;
        }

        // One entry per due month: the worst instalment of that month across accounts.
        var months = c.Instalments
            .GroupBy(i => YearMonth.From(i.DueDate))
            .Select(g => g.MaxBy(i => i.DaysPastDue)!)
            .OrderBy(i => i.DueDate)
            .ToList();
        var latest = months[^1];
        tags.Add(Tag.Of(TagNames.CurrentDaysPastDue, latest.DaysPastDue, latest.DueDate, [latest.Evidence]));

        var start = months.Count - 1;
        if (latest.DaysPastDue == 0)
        {
            while (start > 0 && months[start - 1].DaysPastDue == 0 && YearMonth.From(months[start - 1].DueDate) == YearMonth.From(months[start].DueDate).AddMonths(-1))
            {
                start--;
            }
        }

        var streak = latest.DaysPastDue == 0 ? months.Count - start : 0;
        tags.Add(Tag.Of(TagNames.OnTimeStreakMonths, streak, months[start].DueDate, Evidence([latest.Evidence, months[start].Evidence])));

        foreach (var (name, span) in new[] { (TagNames.MaxDaysPastDue12Months, 12), (TagNames.MaxDaysPastDue24Months, 24) })
        {
            var window = months.Where(i => i.DueDate > c.Day.AddMonths(-span)).ToList();
            if (window.Count > 0)
            {
                var worst = window.MaxBy(i => (i.DaysPastDue, i.DueDate))!;
                tags.Add(Tag.Of(name, worst.DaysPastDue, worst.DaysPastDue > 0 ? worst.DueDate : window[0].DueDate, [worst.Evidence]));
            }
        }
    }

    /// <summary>
    /// Arrears on the consumer and business loans: a loan reported late within the last 12 (24) months raises
    /// MaxDaysPastDue12Months (24) to its days past due when the mortgage's instalments were better — from the arrears
    /// history, so a loan reported current again still shows the months it was late.
    /// </summary>
    private static void Loans(Context c, List<Tag> tags)
    {
        var reported = c.View.Loans.Select(l => new LoanArrears(l.AccountId, l.AsOf, l.DaysPastDue, l.Evidence)).Concat(c.View.LoanArrears).Where(l => l.AsOf <= c.Day).ToList();
        foreach (var (name, span) in new[] { (TagNames.MaxDaysPastDue12Months, 12), (TagNames.MaxDaysPastDue24Months, 24) })
        {
            var worst = reported.Where(l => l.AsOf > c.Day.AddMonths(-span)).MaxBy(l => (l.DaysPastDue, l.AsOf));
            var current = tags.FindIndex(t => t.Name == name);
            if (worst is not null && (current < 0 || tags[current].Number < worst.DaysPastDue))
            {
                var tag = Tag.Of(name, worst.DaysPastDue, worst.AsOf, [worst.Evidence]);
                tags.RemoveAll(t => t.Name == name);
                tags.Add(tag);
            }
        }

        var mortgage = tags.Find(t => t.Name == TagNames.CurrentDaysPastDue);
        var worstLoan = LoansAsOf(c.View, c.Day).Where(l => l.Status == LoanStatus.Active).MaxBy(l => (l.DaysPastDue, l.AsOf));
        if (worstLoan is not null && (mortgage is null || worstLoan.DaysPastDue > mortgage.Number))
        {
            tags.Add(Tag.Of(TagNames.OverdueDaysNow, worstLoan.DaysPastDue, worstLoan.AsOf, [worstLoan.Evidence]));
        }
        else if (mortgage is not null)
        {
            tags.Add(mortgage with { Name = TagNames.OverdueDaysNow });
        }
    }

    /// <summary>Each loan as its latest report by <paramref name="day"/> had it (the month history, and the latest report for views stored before it).</summary>
    private static IEnumerable<LoanMonth> LoansAsOf(ProfileView view, DateOnly day) =>
        view.LoanMonths
            .Concat(view.Loans.Select(l => new LoanMonth(l.AccountId, YearMonth.From(l.AsOf), l.AsOf, l.Balance, l.DaysPastDue, l.Status, l.Evidence)))
            .Where(l => l.AsOf <= day)
            .GroupBy(l => l.AccountId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(l => (l.AsOf, l.Evidence))!);

    /// <summary>
    /// DTI: the monthly payments of every debt the bank holds (mortgages and loans) over the monthly income; once the
    /// bank has seen a payment fall due (a mortgage instalment) or a loan reported.
    /// </summary>
    private static void Debt(Context c, List<Tag> tags)
    {
        if ((c.Instalments.Count > 0 || c.ActiveLoans.Count > 0) && MonthlyIncome(c) is { Amount: > 0 } income)
        {
            var service = DebtService(c);
            if (service.Amount > 0)
            {
                tags.Add(Tag.Of(TagNames.Dti, service.Amount * 100m / income.Amount, Max(service.Since, income.Since), Evidence(service.Evidence.Concat(income.Evidence))));
            }
        }

        if (TotalDebt(c.View, c.Day) is not { } now)
        {
            return;
        }

        tags.Add(Tag.Of(TagNames.TotalDebt, now.Amount, now.Since, Evidence(now.Evidence)));
        if (TotalDebt(c.View, c.Day.AddMonths(-3)) is { Amount: > 0 } before)
        {
            tags.Add(Tag.Of(TagNames.DebtGrowth3MonthsPct, (now.Amount - before.Amount) * 100m / before.Amount, now.Since, Evidence(now.Evidence.Concat(before.Evidence))));
        }
    }

    /// <summary>
    /// Debt across products as of <paramref name="day"/>: the balances of the mortgages active and started by then (their
    /// latest balance: the view keeps no mortgage history, and a mortgage only shrinks) and of the loans as last reported by
    /// then. Null when the customer had neither.
    /// </summary>
    private static (decimal Amount, DateOnly Since, List<string> Evidence)? TotalDebt(ProfileView view, DateOnly day)
    {
        var mortgages = view.Mortgages.Where(m => m.Status == MortgageStatus.Active && m.StartDate <= day).ToList();
        var loans = LoansAsOf(view, day).Where(l => l.Status == LoanStatus.Active).ToList();
        if (mortgages.Count == 0 && loans.Count == 0)
        {
            return null;
        }

        var since = mortgages.Select(m => m.StartDate).Concat(loans.Select(l => l.AsOf)).Max();
        return (mortgages.Sum(m => m.Balance) + loans.Sum(l => l.Balance), since, [.. mortgages.Select(m => m.Evidence), .. loans.Select(l => l.Evidence)]);
    }

    private static void Property(Context c, List<Tag> tags)
    {
        var owned = c.View.Properties.Where(p => p.OwnersStamp is { } s && s.ValidFrom <= c.Day).ToList();
        var released = owned
            .Where(p => p.MortgageReleased is { } r && r.ValidFrom <= c.Day && (p.MortgageRegistered is null || p.MortgageRegistered.ValidFrom <= r.ValidFrom))
            .Select(p => p.MortgageReleased!)
            .Concat(c.View.Mortgages.Where(m => m.Status == MortgageStatus.PaidOff && m.StartDate <= c.Day).Select(m => new Stamp(m.StartDate, m.Evidence)))
            .OrderBy(s => s.ValidFrom)
            .ToList();
        if (released.Count > 0)
        {
            tags.Add(Tag.Of(TagNames.MortgageReleased, true, released[0].ValidFrom, Evidence(released.Select(s => s.Evidence))));
        }

        if (owned.Count == 0)
        {
            return;
        }

        var purchases = owned.Where(p => p.Purchase is { } s && s.ValidFrom <= c.Day).Select(p => p.Purchase!).ToList();
        if (purchases.Count > 0)
        {
            var latestPurchase = purchases.MaxBy(s => s.ValidFrom)!;
            tags.Add(Tag.Of(TagNames.DaysSinceTransfer, c.Day.DayNumber - latestPurchase.ValidFrom.DayNumber, latestPurchase.ValidFrom, [latestPurchase.Evidence]));
        }

        var valued = owned.Select(p => (Property: p, Value: ValueOf(p, c.Day))).Where(v => v.Value is not null).ToList();
        if (valued.Count > 0)
        {
            var best = valued.MaxBy(v => v.Value!.Value.Amount);
            tags.Add(Tag.Of(TagNames.PropertyValue, best.Value!.Value.Amount, best.Value.Value.Stamp.ValidFrom, [best.Value.Value.Stamp.Evidence]));
            tags.Add(Tag.Of(TagNames.CityTier, best.Property.CityTier.ToString(), best.Value.Value.Stamp.ValidFrom, [best.Value.Value.Stamp.Evidence]));

            var totalValue = 0m;
            var totalDebt = 0m;
            var evidence = new List<string>();
            var since = DateOnly.MinValue;
            foreach (var (property, value) in valued)
            {
                var debt = DebtOn(c, property);
                totalValue += value!.Value.Amount;
                totalDebt += debt.Amount;
                evidence.Add(value.Value.Stamp.Evidence);
                evidence.AddRange(debt.Evidence);
                since = Max(since, Max(value.Value.Stamp.ValidFrom, debt.Since));
            }

            tags.Add(Tag.Of(TagNames.NetEquity, totalValue - totalDebt, since, Evidence(evidence)));
            if (totalValue > 0)
            {
                tags.Add(Tag.Of(TagNames.LtvPct, totalDebt * 100m / totalValue, since, Evidence(evidence)));
            }
        }

        var appreciation = owned
            .Where(p => p.PurchasePrice is > 0 && p.Purchase is { } b && b.ValidFrom <= c.Day && p.Appraisal is { } a && a.ValidFrom <= c.Day && a.ValidFrom >= b.ValidFrom && p.AppraisedValue is not null)
            .Select(p => (Pct: (p.AppraisedValue!.Value - p.PurchasePrice!.Value) * 100m / p.PurchasePrice.Value, p))
            .ToList();
        if (appreciation.Count > 0)
        {
            var best = appreciation.MaxBy(a => a.Pct);
            tags.Add(Tag.Of(TagNames.PropertyAppreciationPct, best.Pct, best.p.Appraisal!.ValidFrom, [best.p.Purchase!.Evidence, best.p.Appraisal.Evidence]));
        }

        var household = owned.SelectMany(p => p.Owners).Append(c.CustomerKey).Distinct(StringComparer.Ordinal).Count();
        tags.Add(Tag.Of(TagNames.HouseholdSize, household, owned.Max(p => p.OwnersStamp!.ValidFrom), Evidence(owned.Select(p => p.OwnersStamp!.Evidence))));
    }

    private static void Assets(Context c, List<Tag> tags)
    {
        var latest = c.LatestAum;
        if (latest is null)
        {
            return;
        }

        var s = c.Settings;
        tags.Add(Tag.Of(TagNames.Aum, latest.Aum, latest.LastAsOf, [latest.Evidence]));
        var tier = s.AumTierOf(latest.Aum);
        var months = c.View.Aum.Where(m => m.LastAsOf <= c.Day).ToList();
        var tierStart = months.Count - 1;
        while (tierStart > 0 && s.AumTierOf(months[tierStart - 1].Aum) == tier && months[tierStart - 1].Month == months[tierStart].Month.AddMonths(-1))
        {
            tierStart--;
        }

        tags.Add(Tag.Of(TagNames.AumTier, tier, months[tierStart].Month.FirstDay, [latest.Evidence]));
        var household = latest.Aum + (c.HouseholdAum?.Where(h => h.Key != c.CustomerKey).Sum(h => h.Value) ?? 0m);
        tags.Add(Tag.Of(TagNames.HouseholdAum, household, latest.LastAsOf, [latest.Evidence]));

        var fiveYears = months.Where(m => m.Month > c.Month.AddMonths(-60)).ToList();
        if (fiveYears.MaxBy(m => m.Peak) is { } peak)
        {
            tags.Add(Tag.Of(TagNames.PeakAum5Years, peak.Peak, peak.Month.FirstDay, [peak.Evidence]));
        }

        tags.Add(Tag.Of(TagNames.InvestmentHoldings, latest.WealthProducts + latest.Funds + latest.Bonds, latest.LastAsOf, [latest.Evidence]));

        if (latest.Aum > 0 && c.View.Risk is { } risk && RiskValid(risk, c) && s.TargetAllocations.TryGetValue(risk.Appetite.ToString(), out var target))
        {
            var actual = new[] { latest.Demand + latest.Term, latest.WealthProducts, latest.Funds, latest.Bonds, latest.Insurance }.Select(v => v * 100m / latest.Aum);
            var wanted = new[] { target.Deposits, target.WealthProducts, target.Funds, target.Bonds, target.Insurance };
            var drift = actual.Zip(wanted, (a, w) => Math.Abs(a - w)).Max();
            tags.Add(Tag.Of(TagNames.AllocationDriftPp, drift, Max(latest.LastAsOf, BusinessClock.ToBusinessDate(risk.AssessedAt)), [latest.Evidence, risk.Evidence]));
        }

        var payroll = PayrollWindow(c);
        var credited = payroll.Sum(m => m.Amount);
        if (credited > 0)
        {
            tags.Add(Tag.Of(TagNames.RetainedPct, latest.Aum * 100m / credited, latest.LastAsOf, Evidence(payroll.SelectMany(m => m.Evidence).Append(latest.Evidence))));
        }
    }

    private static void Business(Context c, List<Tag> tags)
    {
        var transfers = c.View.Transfers.Where(t => t.On <= c.Day).ToList();
        var crossBankOut = transfers.Where(t => t.Direction == FlowDirection.Out && t.CounterpartyType == CounterpartyType.CrossBank && t.On > c.Day.AddMonths(-12)).ToList();
        if (crossBankOut.Count > 0)
        {
            tags.Add(Tag.Of(TagNames.CrossBankOut12Months, crossBankOut.Sum(t => t.Amount), crossBankOut[0].On, Evidence(crossBankOut.Select(t => t.Evidence))));
        }

        var inflow = transfers.Where(t => t.Direction == FlowDirection.In && t.On > c.Day.AddDays(-7)).MaxBy(t => (t.Amount, t.On));
        if (inflow is not null)
        {
            tags.Add(Tag.Of(TagNames.LargestInflow7Days, inflow.Amount, inflow.On, [inflow.Evidence]));
        }

        FundFlows(c, transfers, tags);

        var custody = c.View.Custody.Where(m => m.Month <= c.Month && m.Month > c.Month.AddMonths(-3)).ToList();
        if (custody.Count > 0)
        {
            tags.Add(Tag.Of(TagNames.CustodyMonthlyOut, custody.Sum(m => m.Out) / 3m, custody[0].Month.FirstDay, Evidence(custody.SelectMany(m => m.Evidence))));
        }

        var complete = c.Month.AddMonths(-1);
        var revenue = c.View.Revenue.Where(m => m.Month <= complete).ToList();
        if (revenue.Count == 0)
        {
            return;
        }

        var last = revenue[^1];
        if (last.Month == complete)
        {
            tags.Add(Tag.Of(TagNames.PosMonthlyRevenue, last.Pos, last.Month.FirstDay, last.Evidence));
        }

        var stable = 0;
        var start = complete;
        for (var i = revenue.Count - 1; i >= 0 && revenue[i].Month == complete.AddMonths(-stable) && revenue[i].Total >= c.Settings.MinMonthlyRevenue; i--)
        {
            start = revenue[i].Month;
            stable++;
        }

        tags.Add(Tag.Of(TagNames.StableRevenueMonths, stable, stable > 0 ? start.FirstDay : complete.FirstDay, last.Evidence));
    }

    /// <summary>
    /// Abnormal fund flows (seed 002's 资金流向异常): large outflows over 30 days, how many months of income they are, and
    /// the money that came in and went out again within 7 days (快进快出).
    /// </summary>
    private static void FundFlows(Context c, List<TransferEntry> transfers, List<Tag> tags)
    {
        var out30 = transfers.Where(t => t.Direction == FlowDirection.Out && t.On > c.Day.AddDays(-30)).ToList();
        if (out30.Count > 0)
        {
            var outflow = out30.Sum(t => t.Amount);
            tags.Add(Tag.Of(TagNames.LargeOutflow30Days, outflow, out30[0].On, Evidence(out30.Select(t => t.Evidence))));
            if (MonthlyIncome(c) is { Amount: > 0 } income)
            {
                tags.Add(Tag.Of(TagNames.OutflowIncomeMultiple, outflow / income.Amount, Max(out30[0].On, income.Since), Evidence(out30.Select(t => t.Evidence).Concat(income.Evidence))));
            }
        }

        var week = transfers.Where(t => t.On > c.Day.AddDays(-7)).ToList();
        var (inflow, outflow7) = (week.Where(t => t.Direction == FlowDirection.In).Sum(t => t.Amount), week.Where(t => t.Direction == FlowDirection.Out).Sum(t => t.Amount));
        if (inflow > 0 && outflow7 > 0)
        {
            tags.Add(Tag.Of(TagNames.PassThrough7Days, Math.Min(inflow, outflow7), week[0].On, Evidence(week.Select(t => t.Evidence))));
        }
    }

    private static void Person(Context c, List<Tag> tags)
    {
        var s = c.Settings;
        var person = c.View.PersonStamp is { } stamp && stamp.ValidFrom <= c.Day ? c.View.Person : null;
        if (person is not null)
        {
            var since = c.View.PersonStamp!.ValidFrom;
            tags.Add(Tag.Of(TagNames.AgeBand, person.AgeBand, since, [c.View.PersonStamp.Evidence]));
            tags.Add(Tag.Of(TagNames.Residency, person.Residency.ToString(), since, [c.View.PersonStamp.Evidence]));
        }

        if (c.View.Risk is { } risk && RiskValid(risk, c))
        {
            tags.Add(Tag.Of(TagNames.RiskAppetite, risk.Appetite.ToString(), BusinessClock.ToBusinessDate(risk.AssessedAt), [risk.Evidence]));
        }

        var byName = new TagLookup(tags);
        var groups = new List<Tag>(); // in the order of TagDefinitions.CustomerGroups
        if (byName.GetValueOrDefault(TagNames.HasMortgage)?.Boolean == true
            && byName.GetValueOrDefault(TagNames.OnTimeStreakMonths)?.Number >= s.ExistingPrimeMinOnTimeMonths
            && byName.GetValueOrDefault(TagNames.CurrentDaysPastDue)?.Number == 0)
        {
            groups.Add(Tag.Of("ExistingPrime", true, byName[TagNames.OnTimeStreakMonths].Since.AddMonths(s.ExistingPrimeMinOnTimeMonths - 1), byName[TagNames.OnTimeStreakMonths].Evidence));
        }

        var recentPf = c.ProvidentFund.LastOrDefault();
        if (recentPf is { Status: ContributionStatus.Normal } && recentPf.Period > c.Month.AddMonths(-3))
        {
            groups.Add(Tag.Of("Salaried", true, byName[TagNames.ProvidentFundStatus].Since, [recentPf.Evidence]));
        }
        else if (byName.GetValueOrDefault(TagNames.PayrollMonthly) is { } payroll)
        {
            groups.Add(Tag.Of("Salaried", true, payroll.Since, payroll.Evidence));
        }

        var declared = c.View.Declarations.Where(d => d.Period.FirstDay <= c.Day && d.Period > YearQuarter.From(c.Day).AddQuarters(-4)).ToList();
        var traded = c.View.Revenue.Where(m => m.Month <= c.Month && m.Month > c.Month.AddMonths(-6) && m.Total > 0).ToList();
        if (declared.Count > 0 || traded.Count > 0)
        {
            var since = Min(declared.Count > 0 ? declared[0].Period.FirstDay : DateOnly.MaxValue, traded.Count > 0 ? traded[0].Month.FirstDay : DateOnly.MaxValue);
            groups.Add(Tag.Of("BusinessOwner", true, since, Evidence(declared.Select(d => d.Evidence).Concat(traded.SelectMany(m => m.Evidence)))));
        }

        if (person is not null)
        {
            groups.Add(Tag.Of(person.Residency == Residency.Local ? "LocalResident" : "NewResident", true, c.View.PersonStamp!.ValidFrom, [c.View.PersonStamp.Evidence]));
        }

        if (groups.Count > 0)
        {
            tags.Add(Tag.OfSet(TagNames.CustomerGroup, groups.Select(g => g.Name), groups.Max(g => g.Since), Evidence(groups.SelectMany(g => g.Evidence))));
        }

        var aum = byName.GetValueOrDefault(TagNames.Aum);
        if (aum?.Number >= s.HighNetWorthMinAum)
        {
            tags.Add(Tag.Of(TagNames.AssetSegment, "HighNetWorth", aum.Since, aum.Evidence));
        }
        else if (person is not null)
        {
            var young = s.YoungInclusiveAgeBands.Contains(person.AgeBand, StringComparer.Ordinal);
            tags.Add(Tag.Of(TagNames.AssetSegment, young ? "YoungInclusive" : "MassAffluent", aum?.Since ?? c.View.PersonStamp!.ValidFrom, aum?.Evidence ?? [c.View.PersonStamp!.Evidence]));
        }
    }

    /// <summary>The tags computed so far by name: a handful of reads over a few dozen tags, cheaper than a dictionary.</summary>
    private readonly struct TagLookup(List<Tag> tags)
    {
        public Tag this[string name] => GetValueOrDefault(name) ?? throw new KeyNotFoundException(name);

        public Tag? GetValueOrDefault(string name)
        {
            foreach (var tag in tags)
            {
                if (string.Equals(tag.Name, name, StringComparison.Ordinal))
                {
                    return tag;
                }
            }

            return null;
        }
    }

    private static void Behaviour(Context c, List<Tag> tags)
    {
        var s = c.Settings;
        var recentScenes = c.View.Scenes.Where(m => m.Period <= c.Month && m.Period > c.Month.AddMonths(-s.SceneMonths) && m.Orders > 0).ToList();
        if (recentScenes.Count > 0)
        {
            tags.Add(Tag.OfSet(TagNames.Scenes, recentScenes.Select(m => m.Scene).Distinct().Order().Select(x => x.ToString()), recentScenes.Min(m => m.Period).FirstDay, Evidence(recentScenes.SelectMany(m => m.Evidence))));
            var travel = recentScenes.Where(m => m.Scene == ConsumptionScene.Travel).ToList();
            if (travel.Count > 0)
            {
                tags.Add(Tag.Of(TagNames.TravelOrders, travel.Sum(m => m.Orders), travel[0].Period.FirstDay, Evidence(travel.SelectMany(m => m.Evidence))));
            }
        }

        var heard = c.View.Intents.Where(i => i.On <= c.Day && i.On > c.Day.AddDays(-s.IntentDays)).ToList();
        if (heard.Count > 0)
        {
            tags.Add(Tag.OfSet(TagNames.Intents, heard.SelectMany(i => i.Intents).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), heard[0].On, Evidence(heard.Select(i => i.Evidence))));
        }

        var familyFrom = c.Month.AddMonths(-s.FamilyStageMonths);
        var university = c.View.Intents.Where(i => i.On <= c.Day && YearMonth.From(i.On) > familyFrom && i.Intents.Contains("ChildUniversity")).ToList();
        var scenesYear = c.View.Scenes.Where(m => m.Period <= c.Month && m.Period > familyFrom && m.Orders > 0).ToList();
        var baby = scenesYear.Where(m => m.Scene == ConsumptionScene.MaternalBaby).ToList();
        var school = scenesYear.Where(m => m.Scene == ConsumptionScene.Education).ToList();
        var person = c.View.PersonStamp is { } stamp && stamp.ValidFrom <= c.Day ? c.View.Person : null;
        Tag? stage = university.Count > 0 ? Tag.Of(TagNames.FamilyStage, "UniversityBound", university[0].On, Evidence(university.Select(i => i.Evidence)))
            : baby.Count > 0 ? Tag.Of(TagNames.FamilyStage, "NewParent", baby[0].Period.FirstDay, Evidence(baby.SelectMany(m => m.Evidence)))
            : school.Count > 0 ? Tag.Of(TagNames.FamilyStage, "SchoolAgeChild", school[0].Period.FirstDay, Evidence(school.SelectMany(m => m.Evidence)))
            : person is not null && s.RetiredAgeBands.Contains(person.AgeBand, StringComparer.Ordinal) ? Tag.Of(TagNames.FamilyStage, "Retired", c.View.PersonStamp!.ValidFrom, [c.View.PersonStamp.Evidence])
            : person is not null ? Tag.Of(TagNames.FamilyStage, "Unknown", c.View.PersonStamp!.ValidFrom, [c.View.PersonStamp.Evidence])
            : null;
        if (stage is not null)
        {
            tags.Add(stage);
        }
    }

    /// <summary>Contribution base at <paramref name="index"/> against the same month a year earlier, in percent (2 places).</summary>
    public static decimal? IncomeGrowthPct(IReadOnlyList<PfMonth> months, int index)
    {
        var current = months[index];
        var earlier = months.FirstOrDefault(f => f.Period == current.Period.AddMonths(-12));
        if (earlier is null || earlier.ContributionBase <= 0)
        {
            return null;
        }

        return Math.Round((current.ContributionBase - earlier.ContributionBase) * 100m / earlier.ContributionBase, 2, MidpointRounding.AwayFromZero);
    }

    private static (decimal Amount, DateOnly Since, IReadOnlyList<string> Evidence)? MonthlyIncome(Context c)
    {
        var pf = c.ProvidentFund.LastOrDefault();
        if (pf is { Status: ContributionStatus.Normal } && pf.Period > c.Month.AddMonths(-3))
        {
            return (pf.ContributionBase, pf.Period.FirstDay, [pf.Evidence]);
        }

        var payroll = PayrollWindow(c);
        return payroll.Count > 0
            ? (payroll.Sum(m => m.Amount) / c.Settings.PayrollMonths, payroll[0].Month.FirstDay, Evidence(payroll.SelectMany(m => m.Evidence)))
            : null;
    }

    private static List<MoneyMonth> PayrollWindow(Context c) =>
        [.. c.View.Payroll.Where(m => m.Month <= c.Month && m.Month > c.Month.AddMonths(-c.Settings.PayrollMonths))];

    /// <summary>
    /// Monthly payments of the active debts: each mortgage's latest amount due, else its annuity payment; each loan's
    /// reported monthly payment.
    /// </summary>
    private static (decimal Amount, DateOnly Since, IReadOnlyList<string> Evidence) DebtService(Context c)
    {
        var total = 0m;
        var since = DateOnly.MinValue;
        var evidence = new List<string>();
        foreach (var mortgage in c.ActiveMortgages)
        {
            var due = c.Instalments.LastOrDefault(i => i.AccountId == mortgage.AccountId);
            if (due is not null)
            {
                total += due.AmountDue;
                since = Max(since, due.DueDate);
                evidence.Add(due.Evidence);
            }
            else
            {
                total += Annuity(mortgage.Balance, mortgage.AnnualRate, Math.Max(1, MonthsBetween(c.Day, mortgage.StartDate.AddMonths(mortgage.TermMonths))));
                since = Max(since, mortgage.StartDate);
                evidence.Add(mortgage.Evidence);
            }
        }

        foreach (var loan in c.ActiveLoans)
        {
            total += loan.MonthlyPayment;
            since = Max(since, loan.AsOf);
            evidence.Add(loan.Evidence);
        }

        return (total, since, evidence);
    }

    /// <summary>Level payment of a loan (等额本息), rounded to the fen.</summary>
    public static decimal Annuity(decimal principal, decimal annualRate, int months)
    {
        if (months <= 0 || principal <= 0)
        {
            return 0m;
        }

        var r = annualRate / 12m;
        if (r <= 0)
        {
            return Math.Round(principal / months, 2, MidpointRounding.AwayFromZero);
        }

        var growth = 1m;
        for (var i = 0; i < months; i++)
        {
            growth *= 1m + r;
        }

        return Math.Round(principal * r * growth / (growth - 1m), 2, MidpointRounding.AwayFromZero);
    }

    private static (decimal Amount, Stamp Stamp)? ValueOf(PropertyState p, DateOnly day) =>
        p.Appraisal is { } a && a.ValidFrom <= day && p.AppraisedValue is { } appraised ? (appraised, a)
        : p.Purchase is { } b && b.ValidFrom <= day && p.PurchasePrice is { } price ? (price, b)
        : null;

    /// <summary>Debt secured on a property: our active mortgage's balance, else a registered, unreleased lien's amount.</summary>
    private static (decimal Amount, DateOnly Since, IReadOnlyList<string> Evidence) DebtOn(Context c, PropertyState p)
    {
        var ours = c.ActiveMortgages.Where(m => m.PropertyId == p.PropertyId).ToList();
        if (ours.Count > 0)
        {
            return (ours.Sum(m => m.Balance), ours.Max(m => m.StartDate), [.. ours.Select(m => m.Evidence)]);
        }

        return p.MortgageRegistered is { } reg && reg.ValidFrom <= c.Day && p.MortgageAmount is { } amount
            && (p.MortgageReleased is null || p.MortgageReleased.ValidFrom > c.Day || p.MortgageReleased.ValidFrom < reg.ValidFrom)
            ? (amount, reg.ValidFrom, [reg.Evidence])
            : (0m, DateOnly.MinValue, []);
    }

    private static bool RiskValid(RiskState risk, Context c) => BusinessClock.ToBusinessDate(risk.AssessedAt) <= c.Day && risk.ValidUntil >= c.Day;

    private static int RunStart(IReadOnlyList<PfMonth> months, Func<PfMonth, bool> holds)
    {
        var start = months.Count - 1;
        while (start > 0 && months[start - 1].Period == months[start].Period.AddMonths(-1) && holds(months[start - 1]) == holds(months[start]))
        {
            start--;
        }

        return start;
    }

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (a month counts once its day is reached).</summary>
    internal static int MonthsBetween(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        return to.Day < from.Day ? months - 1 : months;
    }

    private static IReadOnlyList<string> Evidence(IEnumerable<string> evidence) =>
        [.. evidence.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(ProfileViewBuilder.EvidencePerEntry)];

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
