using System.Buffers.Binary;
using System.Security.Cryptography;
using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Domain.Windows;

namespace LifeWindow.Sandbox.Population;

/// <summary>A window's true chances: converting if contacted, and converting anyway (organically) if not.</summary>
public sealed record ConversionChance(double IfContacted, double IfNotContacted)
{
    /// <summary>What a contact adds: the window's true uplift.</summary>
    public double Uplift => IfContacted - IfNotContacted;
}

/// <summary>A window's simulated outcomes under both decisions, drawn with one uniform number, so contact never hurts.</summary>
public sealed record ConversionOutcome(ConversionChance Chance, bool IfContacted, bool IfNotContacted);

/// <summary>
/// The hidden truth the demand model is judged against (docs/models.md, "How the outcomes are simulated"): how likely a
/// synthetic customer is to take up a window's offer, contacted or not. It reads the generator's side — the customer's
/// exact age, their true AUM and income from their own records at the moment the window opens, and an "affinity" trait
/// drawn from (seed, customer) that no record carries — never tags, so the model has to learn it from what the profile
/// shows. logit P(convert | contacted) = base(rule) + fit(family, age, AUM, income) + 0.5 × affinity;
/// P(convert | not contacted) = organic(family) × P(convert | contacted). Outcomes are deterministic per (seed, window id).
/// </summary>
public sealed class ConversionWorld(int seed)
{
    public const string Version = "conversion-world.v1";

    /// <summary>Per-rule base logits: deliberately not in the catalog's priority order (priority is not propensity).</summary>
    public static readonly IReadOnlyDictionary<string, double> BaseLogit = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["LumpSumInflow"] = -1.6,
        ["MicroBusinessLoan"] = -1.8,
        ["RepaymentStress"] = -1.9,
        ["DecorationPreApproval"] = -2.0,
        ["EducationReserve"] = -2.0,
        ["RetirementWealth"] = -2.2,
        ["IncomeUpgrade"] = -2.3,
        ["BusinessOrUpgrade"] = -2.4,
        ["AssetWinBack"] = -2.5,
        ["HomeEquity"] = -2.6,
        ["Rebalance"] = -2.8,
        ["TravelConsumption"] = -2.9,
        ["AssetUplift"] = -3.0,
        ["ReverseMortgage"] = -3.0,
    };

    /// <summary>Wealth rules' offers are bought by the wealthy and the older; the rest are credit, bought by earners aged 25–45.</summary>
    public static readonly IReadOnlySet<string> WealthRules = new HashSet<string>(StringComparer.Ordinal) { "RetirementWealth", "AssetWinBack", "AssetUplift", "LumpSumInflow", "Rebalance" };

    /// <summary>Share of the contacted chance that converts without a contact: wealth customers find products themselves more often.</summary>
    public const double OrganicWealth = 0.40;

    public const double OrganicCredit = 0.25;

    public ConversionOutcome Outcome(SyntheticCustomer customer, Window window)
    {
        var chance = Chance(customer, window);
        var u = Uniform("outcome", window.WindowId);
        return new ConversionOutcome(chance, u < chance.IfContacted, u < chance.IfNotContacted);
    }

    public ConversionChance Chance(SyntheticCustomer customer, Window window)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(window);
        var wealthRule = WealthRules.Contains(window.RuleId);
        var (aum, income) = TrueMoney(customer, window.OpensAt);
        var wealth = Math.Clamp(Math.Log10(Math.Max(aum, 1_000) / 100_000), -2, 1.5);
        var earning = Math.Clamp(Math.Log2(Math.Max(income, 2_000) / 10_000), -2, 2);
        var fit = wealthRule
            ? (1.0 * wealth) + (customer.Age >= 45 ? 0.4 : 0)
            : (0.7 * earning) + (customer.Age is >= 25 and <= 45 ? 0.5 : customer.Age >= 56 ? -0.8 : 0);
        var logit = BaseLogit.GetValueOrDefault(window.RuleId, -2.5) + fit + (0.5 * Affinity(customer.Index));
        var contacted = 1 / (1 + Math.Exp(-logit));
        return new ConversionChance(contacted, contacted * (wealthRule ? OrganicWealth : OrganicCredit));
    }

    /// <summary>The customer's hidden affinity, standard normal, from (seed, index) alone.</summary>
    public double Affinity(int customerIndex)
    {
        var u1 = Uniform("affinity-1", customerIndex.ToString(CultureInfo.InvariantCulture));
        var u2 = Uniform("affinity-2", customerIndex.ToString(CultureInfo.InvariantCulture));
        return Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>True AUM (latest snapshot) and monthly income (provident base, else a third of POS revenue, else payroll) recorded by <paramref name="at"/>.</summary>
    private static (double Aum, double Income) TrueMoney(SyntheticCustomer customer, DateTimeOffset at)
    {
        double aum = 0, provident = 0, pos = 0, payroll = 0;
        foreach (var fact in customer.Facts)
        {
            if (fact.RecordedAt > at)
            {
                continue;
            }

            switch (fact.Record)
            {
                case DepositSnapshot s: aum = (double)s.Aum; break;
                case ProvidentFundContribution p: provident = (double)p.ContributionBase; break;
                case PosSettlement p: pos = (double)p.Amount / 3; break;
                case PayrollCredit p: payroll = (double)p.Amount; break;
            }
        }

        return (aum, provident > 0 ? provident : pos > 0 ? pos : payroll);
    }

    private double Uniform(string purpose, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}|{seed}|{purpose}|{key}")));
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) * (1.0 / (1UL << 53));
    }
}
