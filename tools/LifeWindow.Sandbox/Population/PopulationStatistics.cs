using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Domain.Identity;
using static LifeWindow.Sandbox.Population.PopulationCalibration;

namespace LifeWindow.Sandbox.Population;

/// <summary>One row of the calibration table: what DOMAIN.md (or our default) asks, what the population achieved, and whether it is within tolerance.</summary>
public sealed record CalibrationRow(string Statistic, string Target, string Achieved, bool Ok);

/// <summary>
/// Accumulates the achieved statistics as customers stream by (constant memory), measured from the records themselves: age and
/// gender from the ID number, AUM and holdings from each customer's last deposit snapshot, payroll/scenes/mortgages from the feeds.
/// </summary>
public sealed class PopulationStatistics
{
    /// <summary>Tolerance of a share target (percentage points) at 10,000 customers; bonds and funds get tighter ones as they are small.</summary>
    public const double SharePoints = 1.5;
    public const double SmallSharePoints = 0.6;
    public const double RatePoints = 2.0;

    private readonly long[] ages = new long[121];
    private readonly decimal[] mix = new decimal[6];
    private readonly decimal[,] groupMix = new decimal[3, 6];
    private readonly long[] holders = new long[6];
    private readonly long[,] groupHolders = new long[3, 6];
    private readonly long[] groupCount = new long[3];
    private long female;
    private long savings;
    private long working;
    private long payroll;
    private long scenes;
    private long mortgages;
    private long provident;
    private long facts;

    public long Customers { get; private set; }

    public long Facts => facts;

    public void Add(SyntheticCustomer customer, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (!ResidentIdNumber.TryParse(customer.IdNumber, asOf, out var id, out var error))
        {
            throw new InvalidDataException($"Customer {customer.Index}: {error}");
        }

        var age = Math.Min(id!.AgeOn(asOf), 120);
        var group = (int)GroupOf(age);
        Customers++;
        ages[age]++;
        groupCount[group]++;
        female += id.Gender == Gender.Female ? 1 : 0;
        working += age < 65 ? 1 : 0;
        facts += customer.Facts.Count;
        DepositSnapshot? last = null;
        bool hasPayroll = false, hasScene = false, hasMortgage = false, hasProvident = false;
        foreach (var fact in customer.Facts)
        {
            switch (fact.Record)
            {
                case DepositSnapshot s when last is null || s.AsOf >= last.AsOf: last = s; break;
                case PayrollCredit: hasPayroll = true; break;
                case ConsumptionSceneRecord: hasScene = true; break;
                case MortgageAccount: hasMortgage = true; break;
                case ProvidentFundContribution: hasProvident = true; break;
            }
        }

        payroll += hasPayroll && age < 65 ? 1 : 0;
        scenes += hasScene ? 1 : 0;
        mortgages += hasMortgage ? 1 : 0;
        provident += hasProvident ? 1 : 0;
        if (last is not null)
        {
            Holdings(last, group);
        }
    }

    private void Holdings(DepositSnapshot last, int group)
    {
        decimal[] parts = [last.Term, last.Demand, last.WealthProducts, last.Funds, last.Bonds, last.Insurance];
        savings += last.Term + last.Demand > 0 ? 1 : 0;
        for (var k = 0; k < parts.Length; k++)
        {
            mix[k] += parts[k];
            groupMix[group, k] += parts[k];
            holders[k] += parts[k] > 0 ? 1 : 0;
            groupHolders[group, k] += parts[k] > 0 ? 1 : 0;
        }
    }

    public int MedianAge()
    {
        long seen = 0;
        for (var age = 0; age < ages.Length; age++)
        {
            seen += ages[age];
            if (seen * 2 >= Customers)
            {
                return age;
            }
        }

        return 0;
    }

    public double FemaleShare => Share(female, Customers);

    public double SavingsShare => Share(savings, Customers);

    public double PayrollShare => Share(payroll, working);

    public double SceneShare => Share(scenes, Customers);

    public double MortgageShare => Share(mortgages, Customers);

    public double ProvidentShare => Share(provident, Customers);

    /// <summary>Share of total AUM held in <paramref name="kind"/>.</summary>
    public double MixShare(AssetKind kind) => Share(mix[(int)kind], mix.Sum());

    /// <summary>Share of an age group's AUM held in the given kinds.</summary>
    public double GroupShare(AgeGroup group, params AssetKind[] kinds)
    {
        var total = Enumerable.Range(0, 6).Sum(k => groupMix[(int)group, k]);
        return Share(kinds.Sum(k => groupMix[(int)group, (int)k]), total);
    }

    public double HoldingRate(AssetKind kind) => Share(holders[(int)kind], Customers);

    public double GroupHoldingRate(AgeGroup group, AssetKind kind) => Share(groupHolders[(int)group, (int)kind], groupCount[(int)group]);

    /// <summary>The calibration table: every target of DOMAIN.md's "Synthetic population", then our defaults.</summary>
    public IReadOnlyList<CalibrationRow> Rows()
    {
        var median = MedianAge();
        var rows = new List<CalibrationRow>
        {
            new("median age", "31–40", median.ToString(CultureInfo.InvariantCulture), median is >= 31 and <= 40),
            new("female share", $"≥ {Pct(FemaleTarget)}", Pct(FemaleShare), FemaleShare >= FemaleTarget),
            Near("hold savings (demand or term)", PopulationCalibration.SavingsShare, SavingsShare, 0.5),
        };
        for (var k = 0; k < 6; k++)
        {
            var kind = (AssetKind)k;
            rows.Add(Near($"share of AUM: {kind}", TargetMix[k], MixShare(kind), TargetMix[k] < 0.05 ? SmallSharePoints : SharePoints));
        }

        AssetKind[] depositsAndWealth = [AssetKind.Term, AssetKind.Demand, AssetKind.WealthProducts];
        var oldDw = GroupShare(AgeGroup.Over50, depositsAndWealth);
        var youngDw = GroupShare(AgeGroup.Under35, depositsAndWealth);
        rows.Add(new("over-50s: deposits+wealth share of their AUM", $"> under-35s' ({Pct(youngDw)})", Pct(oldDw), oldDw > youngDw));
        var youngFunds = GroupShare(AgeGroup.Under35, AssetKind.Funds);
        var oldFunds = GroupShare(AgeGroup.Over50, AssetKind.Funds);
        rows.Add(new("under-35s: funds (plans, money-market) share of their AUM", $"> over-50s' ({Pct(oldFunds)})", Pct(youngFunds), youngFunds > oldFunds));
        var youngHold = GroupHoldingRate(AgeGroup.Under35, AssetKind.Funds);
        var oldHold = GroupHoldingRate(AgeGroup.Over50, AssetKind.Funds);
        rows.Add(new("under-35s holding funds", $"> over-50s' ({Pct(oldHold)})", Pct(youngHold), youngHold > oldHold));
        rows.Add(Near("payroll (代发) among under-65s", PopulationCalibration.PayrollShare, PayrollShare, RatePoints));
        rows.Add(Near("scene activity (matched, any month)", PopulationCalibration.SceneShare, SceneShare, RatePoints));
        foreach (var kind in (AssetKind[])[AssetKind.Term, AssetKind.WealthProducts, AssetKind.Funds, AssetKind.Bonds, AssetKind.Insurance])
        {
            rows.Add(new($"holding {kind} (reported)", "—", Pct(HoldingRate(kind)), true));
        }

        rows.Add(new("provident-fund members (reported)", "—", Pct(ProvidentShare), true));
        rows.Add(new("mortgage holders (reported)", "—", Pct(MortgageShare), true));
        return rows;
    }

    /// <summary>The table as aligned text: statistic | target | achieved | ok.</summary>
    public string Table()
    {
        var rows = Rows();
        var width = rows.Max(r => r.Statistic.Length);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"statistic".PadRight(width)} | {"target",-28} | {"achieved",-8} | ok");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{row.Statistic.PadRight(width)} | {row.Target,-28} | {row.Achieved,-8} | {(row.Ok ? "yes" : "NO")}");
        }

        return text.ToString();
    }

    private static CalibrationRow Near(string statistic, double target, double achieved, double points) =>
        new(statistic, string.Create(CultureInfo.InvariantCulture, $"{Pct(target)} ± {points:0.0#} pp"), Pct(achieved), Math.Abs(achieved - target) * 100 <= points);

    private static string Pct(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static double Share(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    private static double Share(decimal part, decimal whole) => whole == 0 ? 0 : (double)(part / whole);
}
