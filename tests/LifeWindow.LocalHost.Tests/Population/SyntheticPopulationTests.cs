using System.Text;
using LifeWindow.Domain.Backtests;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Domain.Identity;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Windows;
using LifeWindow.Sandbox.Population;

namespace LifeWindow.LocalHost.Tests.Population;

public class SyntheticPopulationTests
{
    private const int Seed = 15;

    private static IEnumerable<string> Lines(SyntheticPopulation population) =>
        population.Generate().SelectMany(c => c.Facts.Select(FactNdjson.Line));

    [Fact]
    public void Generate_SameSeed_IdenticalRecords()
    {
        var first = Lines(new SyntheticPopulation(Seed, 200)).ToList();
        var second = Lines(new SyntheticPopulation(Seed, 200)).ToList();

        Assert.True(first.Count > 200 * 36, $"only {first.Count} facts");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentRecordsAndKeys()
    {
        var a = new SyntheticPopulation(Seed, 50).Generate().ToList();
        var b = new SyntheticPopulation(Seed + 1, 50).Generate().ToList();

        Assert.NotEqual(a.SelectMany(c => c.Facts.Select(FactNdjson.Line)), b.SelectMany(c => c.Facts.Select(FactNdjson.Line)));
        Assert.Empty(a.Select(c => c.CustomerKey).Intersect(b.Select(c => c.CustomerKey)));
        Assert.NotEqual(a.Select(c => c.IdNumber), b.Select(c => c.IdNumber));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(57)]
    [InlineData(199)]
    public void Customer_Alone_EqualsTheStreamsCustomerAndIgnoresPopulationSize(int index)
    {
        var streamed = new SyntheticPopulation(Seed, 200).Generate().ElementAt(index);
        var alone = new SyntheticPopulation(Seed, 1_000_000).Customer(index);

        Assert.Equal(streamed.IdNumber, alone.IdNumber);
        Assert.Equal(streamed.Facts.Select(FactNdjson.Line), alone.Facts.Select(FactNdjson.Line));
    }

    [Fact]
    public async Task Generate_EveryRecord_ValidIdentifiersRoundTripsAndFolds()
    {
        var population = new SyntheticPopulation(Seed, 300);
        var tags = RuleCatalogLoader.LoadDefault().Tags;
        var types = new HashSet<Type>();
        foreach (var customer in population.Generate())
        {
            Assert.True(ResidentIdNumber.TryParse(customer.IdNumber, population.AsOf, out var id, out var error), error);
            Assert.Equal(AgeBand.FromAge(id!.AgeOn(population.AsOf)), customer.Person.AgeBand);
            Assert.Equal(id.Gender.ToString(), customer.Person.Gender);
            Assert.Matches("^k1-[0-9a-f]{64}$", customer.CustomerKey);
            foreach (var fact in customer.Facts)
            {
                types.Add(fact.Record.GetType());
                Assert.Equal(customer.CustomerKey, fact.Record.CustomerKey);
                Assert.Matches("^[0-9a-f]{64}$", fact.Record.EvidenceHash);
                // History is the 36 months, but a home bought years ago keeps its registry record, and consents predate the window.
                Assert.InRange(fact.RecordedAt, Day(population.FirstMonth.FirstDay.AddYears(-25)), Day(population.AsOf.AddMonths(1)));
                foreach (var uscc in Usccs(fact.Record))
                {
                    Assert.True(UnifiedSocialCreditCode.TryValidate(uscc, out _, out var usccError), usccError);
                }

                if (fact.Record is TaxInvoice invoice)
                {
                    Assert.Matches("^[0-9]{20}$", invoice.InvoiceNumber);
                }
            }

            // Every line parses back to the same record, and the facts fold into a profile.
            var lines = string.Join('\n', customer.Facts.Select(FactNdjson.Line));
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(lines));
            var read = await FactNdjson.ReadAsync(stream, CancellationToken.None).ToListAsync();
            Assert.Equal(customer.Facts.Select(FactNdjson.Line), read.Select(FactNdjson.Line));
            var facts = customer.Facts.Select(f => Fact.From(f.Record, f.RecordedAt));
            var folded = ProfileFolder.Fold(CustomerProfile.Empty(customer.CustomerKey), facts, tags);
            Assert.Equal(customer.Facts.Count, folded.Profile.Facts.Count);
        }

        // Every feed the domain has, except the blacklist/fraud list (not a customer's history).
        var feeds = typeof(FeedRecord).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(FeedRecord)) && !t.IsAbstract && t != typeof(ListEntry));
        Assert.Empty(feeds.Except(types));
    }

    [Fact]
    public void Replay_ThirtySixMonths_TheCatalogsLifeEventRulesFire()
    {
        var population = new SyntheticPopulation(Seed, 400);
        var catalog = RuleCatalogLoader.LoadDefault();
        var from = Day(population.FirstMonth.FirstDay);
        var to = Day(population.AsOf.AddMonths(1));
        var fired = population.Generate()
            .SelectMany(c => WindowReplay.Instance.Replay(c.CustomerKey, c.Facts.Select(f => new RecordedFact(f.Record, f.RecordedAt)).ToList(), catalog, from, to))
            .Select(w => w.RuleId)
            .ToHashSet(StringComparer.Ordinal);

        string[] sprinkled = ["IncomeUpgrade", "IncomeRisk", "DecorationPreApproval", "HomeEquity", "LumpSumInflow", "AssetWinBack", "AssetUplift", "MicroBusinessLoan", "RetirementWealth", "RepaymentStress", "TravelConsumption", "EducationReserve"];
        Assert.Empty(sprinkled.Except(fired));
    }

    [Fact]
    public void Statistics_TenThousand_MeetDomainTargetsWithinTolerance()
    {
        var population = new SyntheticPopulation(Seed, SyntheticPopulation.DefaultCustomers);
        var statistics = new PopulationStatistics();
        foreach (var customer in population.Generate())
        {
            statistics.Add(customer, population.AsOf);
        }

        // The targets as DOMAIN.md states them ("Synthetic population", seed 003), not as the generator's constants.
        Assert.Equal(10_000, statistics.Customers);
        Assert.InRange(statistics.MedianAge(), 31, 40);
        Assert.True(statistics.FemaleShare >= 0.56, $"female {statistics.FemaleShare:P1}");
        Assert.InRange(statistics.SavingsShare, 0.985, 0.995);
        AssertShare(statistics, AssetKind.Term, 0.224, 0.015);
        AssertShare(statistics, AssetKind.Demand, 0.167, 0.015);
        AssertShare(statistics, AssetKind.WealthProducts, 0.266, 0.015);
        AssertShare(statistics, AssetKind.Funds, 0.045, 0.006);
        AssertShare(statistics, AssetKind.Bonds, 0.012, 0.006);
        AssertShare(statistics, AssetKind.Insurance, 1 - 0.224 - 0.167 - 0.266 - 0.045 - 0.012, 0.015);
        AssetKind[] depositsAndWealth = [AssetKind.Term, AssetKind.Demand, AssetKind.WealthProducts];
        Assert.True(statistics.GroupShare(AgeGroup.Over50, depositsAndWealth) > statistics.GroupShare(AgeGroup.Under35, depositsAndWealth));
        Assert.True(statistics.GroupShare(AgeGroup.Under35, AssetKind.Funds) > statistics.GroupShare(AgeGroup.Over50, AssetKind.Funds));
        Assert.True(statistics.GroupHoldingRate(AgeGroup.Under35, AssetKind.Funds) > statistics.GroupHoldingRate(AgeGroup.Over50, AssetKind.Funds));
        Assert.InRange(statistics.PayrollShare, 0.38, 0.42);
        Assert.InRange(statistics.SceneShare, 0.33, 0.37);
        Assert.All(statistics.Rows(), r => Assert.True(r.Ok, $"{r.Statistic}: target {r.Target}, achieved {r.Achieved}"));
    }

    [Fact]
    public async Task PopulationCommand_WithOut_PrintsTheTableAndWritesEveryCustomer()
    {
        var work = Directory.CreateTempSubdirectory("lifewindow-population-");
        try
        {
            var file = Path.Combine(work.FullName, "population.ndjson");
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await LifeWindowCli.RunAsync(["population", "--customers", "120", "--seed", "7", "--out", file], output, error);

            var text = output.ToString();
            Assert.True(exit is 0 or 1, text + error);
            Assert.Equal(text.Contains("| NO", StringComparison.Ordinal) ? 1 : 0, exit);
            Assert.Contains("statistic", text, StringComparison.Ordinal);
            Assert.Contains("share of AUM: Term", text, StringComparison.Ordinal);
            Assert.Contains("customers/s", text, StringComparison.Ordinal);
            await using var stream = File.OpenRead(file);
            var customers = await FactNdjson.ReadCustomersAsync(stream, CancellationToken.None).ToListAsync();
            Assert.Equal(new SyntheticPopulation(7, 120).Generate().Select(c => c.CustomerKey), customers.Select(c => c.CustomerKey));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--customers", "0")]
    [InlineData("--customers", "ten")]
    [InlineData("--seed", "-3")]
    public async Task PopulationCommand_BadNumber_ExitsTwoNamingTheOption(string option, string value)
    {
        using var error = new StringWriter();
        var exit = await LifeWindowCli.RunAsync(["population", option, value], TextWriter.Null, error);

        Assert.Equal(2, exit);
        Assert.Contains(option, error.ToString(), StringComparison.Ordinal);
    }

    private static DateTimeOffset Day(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static void AssertShare(PopulationStatistics statistics, AssetKind kind, double target, double tolerance) =>
        Assert.InRange(statistics.MixShare(kind), target - tolerance, target + tolerance);

    private static IEnumerable<string> Usccs(FeedRecord record) => record switch
    {
        ProvidentFundContribution c => [c.Employer.Uscc],
        PayrollCredit p => [p.EmployerUscc],
        PosSettlement s => [s.MerchantUscc],
        TaxInvoice i => [i.SellerUscc, i.BuyerUscc],
        TaxDeclaration d => [d.Uscc],
        _ => [],
    };
}
