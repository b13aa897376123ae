using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Integration.Storage;
using LifeWindow.Sandbox.Partners;

namespace LifeWindow.Sandbox.Facts;

/// <summary>
/// Seeded synthetic fact logs for backtests and benchmarks: <c>customers</c> people over <see cref="Months"/> months ending at
/// <c>lastMonth</c>. Each has a provident-fund month recorded early in the next month (the fund centre's rhythm), a yearly July
/// base adjustment, and some have a large raise, a move to a public-sector employer, a suspended spell or a corrected report;
/// about 40 % also have their salary paid through the bank (payroll credits). Customer keys are HMAC-style tokens of nothing
/// real. The same seed gives the same facts, byte for byte. Depends only on the domain and integration, so the benchmark
/// project can link this file.
/// </summary>
public sealed class SyntheticFacts(int seed, int customers, YearMonth lastMonth)
{
    public const int Months = 24;
    public const double RaiseShare = 0.30;
    public const double SectorMoveShare = 0.06;
    public const double SuspensionShare = 0.04;
    public const double CorrectionShare = 0.02;
    public const double PayrollShare = 0.40;

    /// <summary>The last month of the committed sample (and the default): October 2026.</summary>
    public static readonly YearMonth DefaultLastMonth = new(2026, 10);

    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);
    private static readonly string[] AgeBands = ["18-24", "25-30", "31-40", "31-40", "41-50", "41-50", "51-64"];
    private static readonly string[] Districts = ["310104", "310110", "310115", "310112", "320505", "330106"];

    public int Customers => customers;

    /// <summary>The first business day with a fact and the last one: the range a backtest of these facts covers.</summary>
    public (DateOnly From, DateOnly To) Span => (lastMonth.AddMonths(-Months + 1).FirstDay, lastMonth.AddMonths(2).FirstDay.AddDays(-1));

    public IEnumerable<CustomerFacts> Generate()
    {
        for (var i = 0; i < customers; i++)
        {
            yield return Customer(i);
        }
    }

    public async IAsyncEnumerable<CustomerFacts> GenerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var customer in Generate())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return customer;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Writes the facts as NDJSON (customer by customer, as <see cref="FactNdjson"/> reads them); returns the lines written.</summary>
    public Task<long> WriteAsync(Stream output, CancellationToken cancellationToken) =>
        FactNdjson.WriteAsync(output, Flatten(GenerateAsync(cancellationToken)), cancellationToken);

    private static async IAsyncEnumerable<LoggedFact> Flatten(IAsyncEnumerable<CustomerFacts> customers)
    {
        await foreach (var customer in customers.ConfigureAwait(false))
        {
            foreach (var fact in customer.Facts)
            {
                yield return fact;
            }
        }
    }

    public CustomerFacts Customer(int index)
    {
        // One generator per customer: customer i is the same whatever the population size.
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var key = CustomerKey(index);
        var person = new PersonFacts(AgeBands[random.Next(AgeBands.Length)], random.Next(2) == 0 ? "Male" : "Female", random.NextDouble() < 0.7 ? Residency.Local : Residency.NewResident);
        var district = Districts[random.Next(Districts.Length)];
        var employer = NewEmployer(random, district, Sector(random));
        var contributionBase = 5000m + (random.Next(0, 3500) * 10m);
        var balance = Math.Round(contributionBase * random.Next(5, 60), 2);
        var first = lastMonth.AddMonths(-Months + 1);
        int? raiseAt = random.NextDouble() < RaiseShare ? random.Next(1, Months) : null;
        var raisePct = 10 + random.Next(0, 26);
        int? moveAt = random.NextDouble() < SectorMoveShare ? random.Next(1, Months) : null;
        var suspendedFrom = random.NextDouble() < SuspensionShare ? random.Next(0, Months) : -1;
        var suspendedMonths = 1 + random.Next(3);
        var payroll = random.NextDouble() < PayrollShare;
        var payDay = 5 + random.Next(0, 11);

        var facts = new List<LoggedFact>(Months * 2 + 2);
        for (var m = 0; m < Months; m++)
        {
            var period = first.AddMonths(m);
            if (period.Month == 7)
            {
                contributionBase = RoundBase(contributionBase * (1 + (random.Next(0, 9) / 100m)));
            }

            if (m == raiseAt)
            {
                contributionBase = RoundBase(contributionBase * (1 + (raisePct / 100m)));
            }

            if (m == moveAt)
            {
                employer = NewEmployer(random, district, random.Next(2) == 0 ? EmployerSector.Government : EmployerSector.PublicInstitution);
                contributionBase = RoundBase(contributionBase * (1 + (random.Next(-5, 11) / 100m)));
            }

            var suspended = m >= suspendedFrom && suspendedFrom >= 0 && m < suspendedFrom + suspendedMonths;
            var rate = 0.07m;
            balance += suspended ? 0 : Math.Round(contributionBase * rate * 2, 2);
            var recordedAt = Local(period.AddMonths(1).FirstDay.AddDays(random.Next(4, 19)), 9 + random.Next(0, 9), random.Next(0, 60));
            var recordId = string.Create(CultureInfo.InvariantCulture, $"GJJ-{district}-{period.Year:D4}{period.Month:D2}-{index:D7}");
            var contribution = new ProvidentFundContribution
            {
                RecordId = recordId,
                CustomerKey = key,
                EvidenceHash = Evidence(index, recordId, "pf"),
                Person = person,
                Period = period,
                Employer = employer,
                ContributionBase = contributionBase,
                EmployeeRate = rate,
                EmployerRate = rate,
                Status = suspended ? ContributionStatus.Suspended : ContributionStatus.Normal,
                Balance = balance,
                ReportedAt = recordedAt.AddHours(-1 - random.Next(0, 48)),
            };
            facts.Add(new LoggedFact(contribution, recordedAt));

            if (random.NextDouble() < CorrectionShare)
            {
                // The fund centre re-reports the month a few days later with a corrected base.
                var correctedAt = recordedAt.AddDays(2 + random.Next(0, 10));
                facts.Add(new LoggedFact(
                    contribution with { ContributionBase = RoundBase(contributionBase * (1 + (random.Next(-3, 6) / 100m))), EvidenceHash = Evidence(index, recordId, "pf-fix"), ReportedAt = correctedAt.AddHours(-2) },
                    correctedAt));
            }

            if (payroll && !suspended)
            {
                var creditedAt = Local(period.FirstDay.AddDays(payDay - 1), 9, 30);
                var payrollId = string.Create(CultureInfo.InvariantCulture, $"CB-PR-{period.Year:D4}{period.Month:D2}{payDay:D2}-{index:D7}");
                facts.Add(new LoggedFact(
                    new PayrollCredit
                    {
                        RecordId = payrollId,
                        CustomerKey = key,
                        EvidenceHash = Evidence(index, payrollId, "payroll"),
                        Person = person,
                        EmployerUscc = employer.Uscc,
                        CreditedAt = creditedAt,
                        Amount = Math.Round(contributionBase * (0.78m + (random.Next(0, 10) / 100m)), 2),
                    },
                    creditedAt.AddMinutes(30 + random.Next(0, 120))));
            }
        }

        return new CustomerFacts(key, FactOrder.Ordered(facts));
    }

    /// <summary>Looks like a tokenized customer key (k1- + 64 hex) but is the HMAC of a counter under a key made from the seed.</summary>
    private string CustomerKey(int index)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes($"lifewindow-synthetic-{seed}"), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"customer:{index}")));
        return "k1-" + Convert.ToHexStringLower(mac);
    }

    private string Evidence(int index, string recordId, string kind) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{seed}|{index}|{kind}|{recordId}"))));

    internal static EmployerSector Sector(Random random) => random.Next(100) switch
    {
        < 60 => EmployerSector.Private,
        < 75 => EmployerSector.SOE,
        < 85 => EmployerSector.Foreign,
        < 93 => EmployerSector.Government,
        _ => EmployerSector.PublicInstitution,
    };

    internal static Employer NewEmployer(Random random, string district, EmployerSector sector)
    {
        var (kind, name) = sector switch
        {
            EmployerSector.Government => ("11", "某区某局"),
            EmployerSector.PublicInstitution => ("12", "某市某医院"),
            EmployerSector.SOE => ("91", "某国有集团有限公司"),
            EmployerSector.Foreign => ("91", "某外资（中国）有限公司"),
            _ => ("91", "某科技有限公司"),
        };
        return new Employer(name, SyntheticIdentities.Uscc(random, kind, district), sector);
    }

    internal static decimal RoundBase(decimal value) => Math.Round(value / 10m, MidpointRounding.AwayFromZero) * 10m;

    internal static DateTimeOffset Local(DateOnly day, int hour, int minute) => new(day.ToDateTime(new TimeOnly(hour, minute)), Shanghai);
}
