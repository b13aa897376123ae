namespace LifeWindow.Integration.Tests;

/// <summary>Scanning the whole fact log (ReadAllAsync) and the NDJSON export a backtest reads.</summary>
public class FactScanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly PersonFacts Person = new("31-40", "Male", Residency.Local);

    internal static ProvidentFundContribution Contribution(string customer, int month, string? evidence = null) => new()
    {
        RecordId = $"r{month}", CustomerKey = customer, EvidenceHash = evidence ?? $"{customer}-e{month}", Person = Person,
        Period = new YearMonth(2026, month), Employer = new Employer("某公司", TestData.Uscc, EmployerSector.Private),
        ContributionBase = 1000m + month, EmployeeRate = 0.07m, EmployerRate = 0.07m, Status = ContributionStatus.Normal, Balance = 0,
        ReportedAt = Now.AddDays(-1),
    };

    private static PayrollCredit Payroll(string customer, int day) => new()
    {
        RecordId = $"p{day}", CustomerKey = customer, EvidenceHash = $"{customer}-p{day}", Person = Person,
        EmployerUscc = TestData.Uscc, CreditedAt = new DateTimeOffset(2026, 10, day, 9, 30, 0, TimeSpan.FromHours(8)), Amount = 28650.00m,
    };

    /// <summary>Three customers, appended out of order (by customer and by time).</summary>
    internal static async Task FillAsync(IFactLog log)
    {
        string[] customers = ["k1-c", "k1-a", "k1-b"];
        for (var month = 9; month >= 1; month--)
        {
            foreach (var customer in customers)
            {
                await log.AppendAsync(Contribution(customer, month), Now.AddDays(month), CancellationToken.None);
            }
        }

        await log.AppendAsync(Payroll("k1-b", 15), Now.AddHours(1), CancellationToken.None);
    }

    [Fact]
    public async Task ReadAll_InMemory_YieldsEachCustomerOnceWithFactsInRecordedOrder() =>
        await AssertScanAsync(new InMemoryFactLog());

    [Fact]
    public async Task ReadAll_EmptyLog_YieldsNothing() =>
        Assert.Empty(await new InMemoryFactLog().ReadAllAsync(CancellationToken.None).ToListAsync());

    internal static async Task AssertScanAsync(IFactLog log)
    {
        await FillAsync(log);

        // Each customer once; a sharded store hands them out in its own order.
        var customers = (await log.ReadAllAsync(CancellationToken.None).ToListAsync()).OrderBy(c => c.CustomerKey, StringComparer.Ordinal).ToList();

        Assert.Equal(["k1-a", "k1-b", "k1-c"], customers.Select(c => c.CustomerKey));
        Assert.All(customers, c => Assert.All(c.Facts, f => Assert.Equal(c.CustomerKey, f.Record.CustomerKey)));
        Assert.All(customers, c => Assert.Equal(c.Facts.OrderBy(f => f.RecordedAt).Select(f => f.Record.EvidenceHash), c.Facts.Select(f => f.Record.EvidenceHash)));
        Assert.Equal([9, 10, 9], customers.Select(c => c.Facts.Count));
        Assert.IsType<PayrollCredit>(customers[1].Facts[0].Record);
        Assert.Equal(1001m, Assert.IsType<ProvidentFundContribution>(customers[0].Facts[0].Record).ContributionBase);
    }

    [Fact]
    public async Task Ndjson_WriteThenRead_RoundTripsEveryRecordTypeAndTime()
    {
        var log = new InMemoryFactLog();
        await FillAsync(log);
        var facts = (await log.ReadAllAsync(CancellationToken.None).ToListAsync()).SelectMany(c => c.Facts).ToList();

        using var file = new MemoryStream();
        Assert.Equal(facts.Count, await FactNdjson.WriteAsync(file, facts.ToAsyncEnumerable(), CancellationToken.None));
        file.Position = 0;
        var read = await FactNdjson.ReadAsync(file, CancellationToken.None).ToListAsync();

        Assert.Equal(facts, read);
        var firstLine = Encoding.UTF8.GetString(file.ToArray()).Split('\n')[0];
        Assert.StartsWith("{\"recordedAt\":\"", firstLine, StringComparison.Ordinal);
        Assert.Contains("\"record\":{\"$type\":\"provident-fund/v1\"", firstLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ndjson_ReadCustomers_GroupsConsecutiveLinesAndOrdersByRecordedTime()
    {
        var text = string.Join("\n",
            FactNdjson.Line(new LoggedFact(Contribution("k1-x", 2), Now.AddDays(2))),
            FactNdjson.Line(new LoggedFact(Contribution("k1-x", 1), Now.AddDays(1))),
            string.Empty,
            FactNdjson.Line(new LoggedFact(Contribution("k1-y", 1), Now)));
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var customers = await FactNdjson.ReadCustomersAsync(file, CancellationToken.None).ToListAsync();

        Assert.Equal(["k1-x", "k1-y"], customers.Select(c => c.CustomerKey));
        Assert.Equal(["k1-x-e1", "k1-x-e2"], customers[0].Facts.Select(f => f.Record.EvidenceHash));
    }

    [Fact]
    public async Task Ndjson_CustomerSplitAcrossTheFile_IsRefusedNamingIt()
    {
        var text = string.Join("\n",
            FactNdjson.Line(new LoggedFact(Contribution("k1-x", 1), Now)),
            FactNdjson.Line(new LoggedFact(Contribution("k1-y", 1), Now)),
            FactNdjson.Line(new LoggedFact(Contribution("k1-x", 2), Now)));
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await FactNdjson.ReadCustomersAsync(file, CancellationToken.None).ToListAsync());
        Assert.Contains("k1-x appears again", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"recordedAt\":\"2026-11-24T08:00:00Z\"", "Line 2 is not a fact")]
    [InlineData("{\"recordedAt\":\"2026-11-24T08:00:00Z\"}", "needs \"recordedAt\" and \"record\"")]
    [InlineData("{\"recordedAt\":\"2026-11-24T08:00:00Z\",\"record\":{\"$type\":\"nope/v1\"}}", "Line 2 is not a fact")]
    public async Task Ndjson_BrokenLine_IsRefusedWithItsLineNumber(string broken, string message)
    {
        var text = FactNdjson.Line(new LoggedFact(Contribution("k1-x", 1), Now)) + "\n" + broken + "\n";
        using var file = new MemoryStream(Encoding.UTF8.GetBytes(text));

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await FactNdjson.ReadAsync(file, CancellationToken.None).ToListAsync());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class TableFactScanTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ReadAll_Tables_YieldsEachCustomerOnceWithFactsInRecordedOrder() =>
        await FactScanTests.AssertScanAsync(new TableFactLog(new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"))));

    [Fact]
    public async Task ReadAll_Tables_MoreRowsThanOnePage_GroupsAcrossPages()
    {
        var log = new TableFactLog(new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t")));
        var now = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        for (var c = 0; c < 3; c++)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 450), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
                await log.AppendAsync(FactScanTests.Contribution($"k1-p{c}", 1 + (i % 12), $"e{i:D4}"), now.AddMinutes(-i), ct));
        }

        var customers = (await log.ReadAllAsync(CancellationToken.None).ToListAsync()).OrderBy(c => c.CustomerKey, StringComparer.Ordinal).ToList();

        Assert.Equal(["k1-p0", "k1-p1", "k1-p2"], customers.Select(c => c.CustomerKey));
        Assert.All(customers, c => Assert.Equal(450, c.Facts.Count));
        Assert.All(customers, c => Assert.Equal("e0449", c.Facts[0].Record.EvidenceHash));
    }
}
