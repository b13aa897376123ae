using LifeWindow.Domain.Windows;

namespace LifeWindow.Sandbox.Partners;

/// <summary>
/// A fictitious customer whose bank records (sent by the bank's own systems to <c>POST /api/feeds/bank</c>)
/// tell one life event. <see cref="Records"/> go first; <see cref="Later"/> after the first windows' leads
/// have reached the CRM. <see cref="Expected"/> is every window the customer must end with (one per rule)
/// and the state it must be in.
/// </summary>
public sealed record LifeEventCustomer(
    string Label,
    string IdNumber,
    IReadOnlyList<TypedRecord> Records,
    IReadOnlyList<TypedRecord> Later,
    IReadOnlyDictionary<string, WindowState> Expected)
{
    /// <summary>
    /// The customer's provident-fund history (webhooks, sent before the bank's records): the mortgage holders
    /// have one, so their credit offers verify income and pass the credit policy's provident check.
    /// </summary>
    public IReadOnlyList<JsonObject> Provident { get; init; } = [];
}

/// <summary>
/// The catalog at work on the bank's own feeds: one synthetic customer per story, each opening a specific
/// rule of catalog v1 with the numbers of DOMAIN.md, every date relative to the host's business day so the
/// stories stay true whatever the day. Thresholds quoted here are catalog v1's (domain/Catalog/catalog.v1.json).
/// </summary>
public static class LifeEventSamples
{
    /// <summary>The people named in the call-transcript snippet (the customer, how the agent addresses them, their RM): none may be kept.</summary>
    public static readonly IReadOnlyList<string> NamesSpoken = ["陈志强", "陈先生", "王丽"];

    public const string MortgageAccount = "bank.mortgage-account";
    public const string MortgageRepayment = "bank.mortgage-repayment";
    public const string DepositSnapshot = "bank.deposit-snapshot";
    public const string LargeTransfer = "bank.large-transfer";
    public const string CallTranscript = "bank.call-transcript";
    public const string RiskAssessment = "bank.risk-assessment";

    public static IReadOnlyList<LifeEventCustomer> Generate(int seed, DateOnly today)
    {
        var random = new Random(seed);
        var yesterday = today.AddDays(-1);
        var latest = YearMonth.From(today).AddMonths(-1);
        var employers = new Random(seed + 7); // own stream: the customers' identities stay as they were
        var customers = new List<LifeEventCustomer>();

        string NewId()
        {
            var birth = new DateOnly(random.Next(1978, 1996), random.Next(1, 13), random.Next(1, 29));
            return SyntheticIdentities.ResidentId(random, random.Next(0, 2) == 0 ? "310115" : "320102", birth, female: random.Next(0, 100) < 50);
        }

        // MortgageSeasoningMonths ≥ 24 → DecorationPreApproval (Marketing). 25 instalments paid on their due date: no overdue, so nothing suppresses it.
        var decoration = NewId();
        customers.Add(new(
            "L1 mortgage 26 months, 25 paid on time",
            decoration,
            Mortgage(1, decoration, today.AddMonths(-26), instalments: 25),
            [],
            new Dictionary<string, WindowState> { ["DecorationPreApproval"] = WindowState.Open })
        {
            Provident = ProvidentFundSamples.Steady(decoration, 1, latest, 30_000m, SyntheticIdentities.Uscc(employers, "91", "310000")),
        });

        // PeakAum5Years ≥ 10万 and Aum < 5万 → AssetWinBack: 12万 three years ago, 3万 today.
        var winBack = NewId();
        customers.Add(new(
            "L2 AUM 120k 3 years ago, 30k now",
            winBack,
            [Snapshot(2, 1, winBack, today.AddMonths(-36), demand: 20_000m, term: 100_000m, wealth: 0m), Snapshot(2, 2, winBack, today, demand: 30_000m, term: 0m, wealth: 0m)],
            [],
            new Dictionary<string, WindowState> { ["AssetWinBack"] = WindowState.Open }));

        // LargestInflow7Days ≥ 20万 → LumpSumInflow: one 25万 cross-bank inflow yesterday.
        var lumpSum = NewId();
        customers.Add(new(
            "L3 250k arrived yesterday",
            lumpSum,
            [new(LargeTransfer, new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = Id("CB-LT", yesterday, 3, 1),
                ["idNumber"] = lumpSum,
                ["direction"] = "In",
                ["amount"] = 250_000.00m,
                ["counterpartyType"] = "CrossBank",
                ["at"] = At(yesterday, 15, 30),
            })],
            [],
            new Dictionary<string, WindowState> { ["LumpSumInflow"] = WindowState.Open }));

        // An active mortgage of 30 months opens DecorationPreApproval; then a call where the customer says
        // 月供压力大 (tags.intents RepaymentPressure) → RepaymentStress (Risk), which suppresses the open Marketing window.
        var stress = NewId();
        customers.Add(new(
            "L4 called: monthly payments a strain",
            stress,
            Mortgage(4, stress, today.AddMonths(-30), instalments: 29),
            [new(CallTranscript, new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = Id("CB-CT", yesterday, 4, 1),
                ["idNumber"] = stress,
                ["at"] = At(yesterday, 16, 40),
                ["channel"] = "Phone",
                ["snippet"] = "客户:我是" + NamesSpoken[0] + ",最近月供压力大,想问问能不能延长贷款期限。坐席:好的" + NamesSpoken[1] + ",已为您登记,客户经理" + NamesSpoken[2] + "会联系您。",
            })],
            new Dictionary<string, WindowState> { ["DecorationPreApproval"] = WindowState.Suppressed, ["RepaymentStress"] = WindowState.Open })
        {
            Provident = ProvidentFundSamples.Steady(stress, 4, latest, 25_000m, SyntheticIdentities.Uscc(employers, "91", "310000")),
        });

        // C1 (Conservative: 80% deposits, 20% wealth products) holding 50/50 → AllocationDriftPp 30 > 10 → Rebalance (Service).
        var rebalance = NewId();
        customers.Add(new(
            "L5 C1 holding 50% deposits, 50% wealth",
            rebalance,
            [
                new(RiskAssessment, new JsonObject
                {
                    ["schemaVersion"] = 1,
                    ["recordId"] = Id("CB-RA", yesterday, 5, 1),
                    ["idNumber"] = rebalance,
                    ["appetite"] = "C1",
                    ["assessedAt"] = At(yesterday, 14, 20),
                    ["validUntil"] = yesterday.AddYears(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }),
                Snapshot(5, 1, rebalance, today, demand: 100_000m, term: 200_000m, wealth: 300_000m),
            ],
            [],
            new Dictionary<string, WindowState> { ["Rebalance"] = WindowState.Open }));

        return customers;
    }

    /// <summary>The synthetic mobile number on a customer's mortgage account (kept masked, 139****0007; never whole at rest).</summary>
    public static string PhoneOf(int customer) => string.Create(CultureInfo.InvariantCulture, $"139{customer:D4}{customer * 7 % 10_000:D4}");

    /// <summary>An active 30-year mortgage started on <paramref name="start"/> and its first instalments, each paid on its due date.</summary>
    private static List<TypedRecord> Mortgage(int customer, string idNumber, DateOnly start, int instalments)
    {
        const decimal principal = 2_000_000m;
        const decimal instalment = 9_376.45m;
        var account = string.Create(CultureInfo.InvariantCulture, $"LN310115{start:yyyyMMdd}{customer:D5}");
        var records = new List<TypedRecord>
        {
            new(MortgageAccount, new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = Id("CB-MA", start, customer, 1),
                ["idNumber"] = idNumber,
                ["accountId"] = account,
                ["phone"] = PhoneOf(customer),
                ["propertyId"] = string.Create(CultureInfo.InvariantCulture, $"沪({start.Year})浦东新区不动产权第{customer:D6}号"),
                ["principal"] = principal,
                ["balance"] = principal - (instalments * 3_000m),
                ["annualRate"] = 0.0385m,
                ["termMonths"] = 360,
                ["startDate"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["status"] = "Active",
            }),
        };
        for (var k = 1; k <= instalments; k++)
        {
            var due = start.AddMonths(k);
            records.Add(new(MortgageRepayment, new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = Id("CB-MR", due, customer, k),
                ["idNumber"] = idNumber,
                ["accountId"] = account,
                ["dueDate"] = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["paidDate"] = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["amountDue"] = instalment,
                ["amountPaid"] = instalment,
                ["daysPastDue"] = 0,
            }));
        }

        // The account last: its window opens on a profile that already holds the whole repayment record, so the
        // credit offer decides on the same facts every run (not on however many repayments were folded by then).
        records.Add(records[0]);
        records.RemoveAt(0);
        return records;
    }

    private static TypedRecord Snapshot(int customer, int n, string idNumber, DateOnly asOf, decimal demand, decimal term, decimal wealth) => new(DepositSnapshot, new JsonObject
    {
        ["schemaVersion"] = 1,
        ["recordId"] = Id("CB-DS", asOf, customer, n),
        ["idNumber"] = idNumber,
        ["asOf"] = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["demand"] = demand,
        ["term"] = term,
        ["wealthProducts"] = wealth,
        ["funds"] = 0m,
        ["bonds"] = 0m,
        ["insurance"] = 0m,
    });

    private static string Id(string prefix, DateOnly day, int customer, int n) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{day:yyyyMMdd}-{customer:D2}{n:D4}");

    private static string At(DateOnly day, int hour, int minute) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}
