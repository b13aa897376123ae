namespace LifeWindow.Sandbox.Partners;

/// <summary>
/// One fictitious customer's thirteen months of provident-fund contributions, and the rules (catalog ids)
/// whose windows those contributions alone must open: exactly these, one window each.
/// </summary>
public sealed record SampleCustomer(string Label, string IdNumber, IReadOnlyList<string> ExpectedRules, IReadOnlyList<JsonObject> Records);

/// <summary>
/// A small seeded population for the demo and the end-to-end tests: the same seed gives the same
/// people. Each story is built around the provident-fund rules of catalog v1: IncomeUpgrade (base up
/// ≥ 20% year on year, or a move to a public-sector employer) and IncomeRisk (latest month Suspended or
/// Closed, a Risk rule), so that some customers open a window and some must not.
/// </summary>
public static class ProvidentFundSamples
{
    public const string IncomeUpgrade = "IncomeUpgrade";
    public const string IncomeRisk = "IncomeRisk";

    private sealed record Story(string Label, string[] ExpectedRules, decimal StartBase, decimal LatestBase, EmployerSector Sector, EmployerSector? LatestSector, ContributionStatus LatestStatus);

    private static readonly Story[] Stories =
    [
        new("salary up 24%", [IncomeUpgrade], 15000m, 18600m, EmployerSector.Private, null, ContributionStatus.Normal),
        new("flat income", [], 12000m, 12000m, EmployerSector.SOE, null, ContributionStatus.Normal),
        new("joined the civil service", [IncomeUpgrade], 11000m, 11000m, EmployerSector.Private, EmployerSector.Government, ContributionStatus.Normal),
        new("salary up 10%", [], 20000m, 22000m, EmployerSector.Foreign, null, ContributionStatus.Normal),
        new("contributions suspended", [IncomeRisk], 9000m, 9000m, EmployerSector.Private, null, ContributionStatus.Suspended),
        new("teacher, base up 40%", [IncomeUpgrade], 10000m, 14000m, EmployerSector.PublicInstitution, null, ContributionStatus.Normal),
    ];

    public static IReadOnlyList<SampleCustomer> Generate(int seed, YearMonth latestPeriod, int count = 6)
    {
        var random = new Random(seed);
        var customers = new List<SampleCustomer>();
        for (var i = 0; i < count; i++)
        {
            var story = Stories[i % Stories.Length];
            var local = random.Next(0, 2) == 0;
            var birth = new DateOnly(random.Next(1978, 1996), random.Next(1, 13), random.Next(1, 29));
            var id = SyntheticIdentities.ResidentId(random, local ? "310104" : "420102", birth, female: random.Next(0, 100) < 56);
            var employerUscc = SyntheticIdentities.Uscc(random, UsccPrefix(story.Sector), "310000");
            var newEmployerUscc = story.LatestSector is { } latest ? SyntheticIdentities.Uscc(random, UsccPrefix(latest), "310000") : employerUscc;

            var records = new List<JsonObject>();
            for (var m = 12; m >= 0; m--)
            {
                var period = latestPeriod.AddMonths(-m);
                var isLatest = m == 0;
                var sector = isLatest && story.LatestSector is { } s ? s : story.Sector;
                records.Add(new JsonObject
                {
                    ["schemaVersion"] = 1,
                    ["recordId"] = string.Create(CultureInfo.InvariantCulture, $"GJJ-310000-{period.Year:D4}{period.Month:D2}-{i + 1:D6}"),
                    ["idNumber"] = id,
                    ["period"] = period.ToString(),
                    ["employer"] = new JsonObject
                    {
                        ["name"] = EmployerName(sector, i),
                        ["uscc"] = isLatest ? newEmployerUscc : employerUscc,
                        ["sector"] = sector.ToString(),
                    },
                    ["contributionBase"] = isLatest ? story.LatestBase : story.StartBase,
                    ["employeeRate"] = 0.07m,
                    ["employerRate"] = 0.07m,
                    ["status"] = (isLatest ? story.LatestStatus : ContributionStatus.Normal).ToString(),
                    ["balance"] = Math.Round(story.StartBase * 0.14m * (13 - m) + 20000m, 2),
                    ["reportedAt"] = new DateTimeOffset(period.AddMonths(1).FirstDay.ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                });
            }

            customers.Add(new SampleCustomer($"#{i + 1} {story.Label}", id, story.ExpectedRules, records));
        }

        return customers;
    }

    /// <summary>
    /// Thirteen months of a steady contribution (Normal, same base and employer): the provident history a
    /// life-event customer's credit offer verifies income against. Opens no window of its own.
    /// </summary>
    public static IReadOnlyList<JsonObject> Steady(string idNumber, int number, YearMonth latestPeriod, decimal contributionBase, string employerUscc)
    {
        var records = new List<JsonObject>();
        for (var m = 12; m >= 0; m--)
        {
            var period = latestPeriod.AddMonths(-m);
            records.Add(new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = string.Create(CultureInfo.InvariantCulture, $"GJJ-310000-{period.Year:D4}{period.Month:D2}-{900_000 + number:D6}"),
                ["idNumber"] = idNumber,
                ["period"] = period.ToString(),
                ["employer"] = new JsonObject { ["name"] = EmployerName(EmployerSector.SOE, number), ["uscc"] = employerUscc, ["sector"] = nameof(EmployerSector.SOE) },
                ["contributionBase"] = contributionBase,
                ["employeeRate"] = 0.07m,
                ["employerRate"] = 0.07m,
                ["status"] = nameof(ContributionStatus.Normal),
                ["balance"] = Math.Round(contributionBase * 0.14m * (13 - m) + 50000m, 2),
                ["reportedAt"] = new DateTimeOffset(period.AddMonths(1).FirstDay.ToDateTime(new TimeOnly(2, 0)), TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            });
        }

        return records;
    }

    private static string UsccPrefix(EmployerSector sector) => sector switch
    {
        EmployerSector.Government => "11",
        EmployerSector.PublicInstitution => "12",
        _ => "91",
    };

    private static string EmployerName(EmployerSector sector, int i) => sector switch
    {
        EmployerSector.Government => "上海市某区人民政府办公室",
        EmployerSector.PublicInstitution => "上海市某中学",
        EmployerSector.SOE => "某国有控股集团有限公司",
        EmployerSector.Foreign => "某外资企业（中国）有限公司",
        _ => string.Create(CultureInfo.InvariantCulture, $"上海某科技有限公司{i + 1}"),
    };
}
