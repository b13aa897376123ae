namespace LifeWindow.Sandbox.Partners;

/// <summary>A synthetic record and the event type it is sent as.</summary>
public sealed record TypedRecord(string EventType, JsonObject Data);

/// <summary>
/// Property-registry and tax records for the same fictitious people as <see cref="ProvidentFundSamples"/>
/// (their ID numbers), seeded, all dated last month or the last finished quarter so they stay valid under
/// the real parsers whatever the day. The registry events open windows (<see cref="ExpectedRules"/>); the
/// tax records (two invoices, one quarter) are far from MicroBusinessLoan's six stable months and a mortgage, so open none.
/// </summary>
public static class GovernmentSamples
{
    public const string DecorationPreApproval = "DecorationPreApproval";
    public const string HomeEquity = "HomeEquity";

    /// <summary>
    /// The windows customer <paramref name="index"/>'s registry event opens, by catalog v1: a Transfer
    /// (even index) last month is DaysSinceTransfer ≤ 90 → DecorationPreApproval; every event values the
    /// property at 300万–899万 (price or appraisal) with no mortgage on it, so NetEquity ≥ 300万 → HomeEquity.
    /// Both are Marketing rules: a customer with a Risk signal (IncomeRisk) gets neither.
    /// </summary>
    public static IReadOnlyList<string> ExpectedRules(int index) =>
        index % 2 == 0 ? [DecorationPreApproval, HomeEquity] : [HomeEquity];

    public const string PropertyRegistryEvent = "property-registry.event";
    public const string TaxInvoice = "tax.invoice";
    public const string TaxDeclaration = "tax.declaration";

    /// <summary>One registry event per customer: a Transfer (with price) for even ones, an Appraisal for odd ones.</summary>
    public static IReadOnlyList<JsonObject> PropertyRegistry(IReadOnlyList<SampleCustomer> customers, int seed, DateOnly today)
    {
        var random = new Random(seed);
        var month = YearMonth.From(today).AddMonths(-1);
        var records = new List<JsonObject>();
        for (var i = 0; i < customers.Count; i++)
        {
            var registered = month.FirstDay.AddDays(9 + (i % 19)); // the 10th to the 28th of last month, for any number of customers
            var transfer = i % 2 == 0;
            var record = new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = string.Create(CultureInfo.InvariantCulture, $"BDC-310115-{registered:yyyyMMdd}-{i + 1:D6}"),
                ["eventType"] = (transfer ? PropertyEventType.Transfer : PropertyEventType.Appraisal).ToString(),
                ["certificateNo"] = string.Create(CultureInfo.InvariantCulture, $"沪({registered.Year})浦字不动产权第{random.Next(0, 1_000_000):D6}号"),
                ["propertyId"] = string.Create(CultureInfo.InvariantCulture, $"310115{random.Next(0, 1_000_000):D6}GB{random.Next(0, 100_000):D5}F{i + 1:D8}"),
                ["owners"] = new JsonArray(new JsonObject { ["idNumber"] = customers[i].IdNumber }),
                ["city"] = "上海市",
                ["cityTier"] = nameof(CityTier.ProvincialCapitalOrAbove),
                ["areaSqm"] = Math.Round(60m + (random.Next(0, 8000) / 100m), 2),
                ["registeredAt"] = At(registered, 10, 30),
            };
            record[transfer ? "price" : "appraisedValue"] = random.Next(300, 900) * 10_000m;
            records.Add(record);
        }

        return records;
    }

    /// <summary>
    /// Per customer two Normal invoices of their own business and a declaration for the last finished
    /// quarter; then one red-letter invoice reversing part of the first customer's first invoice, placed
    /// after it so the red-letter check finds its original.
    /// </summary>
    public static IReadOnlyList<TypedRecord> Tax(IReadOnlyList<SampleCustomer> customers, int seed, DateOnly today)
    {
        var random = new Random(seed);
        var month = YearMonth.From(today).AddMonths(-1);
        var quarter = YearQuarter.From(today).AddQuarters(-1);
        var records = new List<TypedRecord>();
        var invoices = 0;
        JsonObject? first = null;
        for (var i = 0; i < customers.Count; i++)
        {
            var seller = SyntheticIdentities.Uscc(random, "92", "310000");
            foreach (var day in new[] { 2 + (i % 9), 12 + (i % 9) }) // within last month, for any number of customers
            {
                var invoice = Invoice(++invoices, month.FirstDay.AddDays(day), seller, SyntheticIdentities.Uscc(random, "91", "310000"), random.Next(20, 200) * 1000m, customers[i].IdNumber);
                first ??= invoice;
                records.Add(new TypedRecord(TaxInvoice, invoice));
            }

            records.Add(new TypedRecord(TaxDeclaration, new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = string.Create(CultureInfo.InvariantCulture, $"TAX-DEC-{quarter.Year}Q{quarter.Quarter}-{i + 1:D6}"),
                ["uscc"] = seller,
                ["period"] = quarter.ToString(),
                ["declaredRevenue"] = random.Next(100, 900) * 1000m,
                ["taxPaid"] = random.Next(1, 9) * 1000m,
                ["legalRepresentativeIdNumber"] = customers[i].IdNumber,
            }));
        }

        if (first is not null)
        {
            var reversal = Invoice(++invoices, month.FirstDay.AddDays(25), first["sellerUscc"]!.GetValue<string>(), first["buyerUscc"]!.GetValue<string>(), Math.Round(first["amount"]!.GetValue<decimal>() / 6, 2), customers[0].IdNumber);
            reversal["kind"] = nameof(InvoiceKind.RedLetter);
            reversal["originalInvoiceNumber"] = first["invoiceNumber"]!.GetValue<string>();
            records.Add(new TypedRecord(TaxInvoice, reversal));
        }

        return records;
    }

    /// <summary>A Normal 全电发票; its number starts with the issue year's last two digits, as the parser checks.</summary>
    private static JsonObject Invoice(int n, DateOnly issued, string seller, string buyer, decimal amount, string legalRepresentative) => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = string.Create(CultureInfo.InvariantCulture, $"TAX-INV-{issued:yyyyMMdd}-{n:D6}"),
        ["invoiceNumber"] = string.Create(CultureInfo.InvariantCulture, $"{issued.Year % 100:D2}31200000{n:D10}"),
        ["issuedAt"] = At(issued, 14, 20),
        ["sellerUscc"] = seller,
        ["buyerUscc"] = buyer,
        ["amount"] = amount,
        ["tax"] = Math.Round(amount * 0.03m, 2),
        ["kind"] = nameof(InvoiceKind.Normal),
        ["legalRepresentativeIdNumber"] = legalRepresentative,
    };

    private static string At(DateOnly day, int hour, int minute) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
}
