namespace LifeWindow.Integration.Tests.GovernmentFeeds;

public class TaxInvoiceParserTests : ParserContract<TaxInvoiceParserTests.Input>
{
    private static readonly TaxInvoiceParser Parser = new();

    public sealed record Input(
        string RecordId, string InvoiceNumber, (DateTimeOffset Value, string Text) IssuedAt, string Seller, string Buyer,
        decimal Amount, decimal Tax, InvoiceKind Kind, string? Original, string IdNumber) : IGeneratedRecord
    {
        public IReadOnlyList<string> RawIds => [IdNumber];

        FeedRecord IGeneratedRecord.ExpectedRecord() => FeedGen.WithHeader(ExpectedBody(), RecordId, IdNumber);

        public JsonObject ToJson()
        {
            var data = new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = RecordId,
                ["invoiceNumber"] = InvoiceNumber,
                ["issuedAt"] = IssuedAt.Text,
                ["sellerUscc"] = Seller,
                ["buyerUscc"] = Buyer,
                ["amount"] = Amount,
                ["tax"] = Tax,
                ["kind"] = Kind.ToString(),
                ["legalRepresentativeIdNumber"] = IdNumber,
            };
            if (Original is not null)
            {
                data["originalInvoiceNumber"] = Original;
            }

            return data;
        }

        public TaxInvoice ExpectedBody() => new()
        {
            InvoiceNumber = InvoiceNumber,
            IssuedAt = IssuedAt.Value,
            SellerUscc = Seller.ToUpperInvariant(),
            BuyerUscc = Buyer.ToUpperInvariant(),
            Amount = Amount,
            Tax = Tax,
            Kind = Kind,
            OriginalInvoiceNumber = Original,
        };
    }

    private static readonly Gen<string> Digits18 = Gen.Char['0', '9'].Array[18].Select(c => new string(c));

    /// <summary>An invoice number for an issue year: its last two digits, then 18 more.</summary>
    public static Gen<string> NumberFor(int year) => Digits18.Select(rest => string.Create(CultureInfo.InvariantCulture, $"{year % 100:D2}{rest}"));

    private static readonly Gen<Input> Valid =
        from issuedAt in FeedGen.Instant(TaxInvoiceParser.FirstIssueDate, TestData.Today)
        from number in NumberFor(BusinessClock.ToBusinessDate(issuedAt.Value).Year)
        from kind in Gen.Enum<InvoiceKind>()
        from original in Digits18.Select(rest => "25" + rest).Where(o => o != number)
        from recordId in FeedGen.RecordId
        from seller in FeedGen.Uscc
        from buyer in FeedGen.Uscc
        from amount in FeedGen.Money
        from tax in FeedGen.Money
        from id in FeedGen.IdNumber
        select new Input(recordId, number, issuedAt, seller, buyer, amount, tax, kind, kind == InvoiceKind.RedLetter ? original : null, id);

    private static readonly Corruption[] Corruptions =
    [
        .. Corruption.Of("schemaVersion", FieldKind.SchemaVersion),
        .. Corruption.Of("recordId", FieldKind.Text),
        .. Corruption.Of("invoiceNumber", FieldKind.InvoiceNumber),
        .. Corruption.Of("issuedAt", FieldKind.Instant).Where(c => !c.Name.EndsWith("ancient", StringComparison.Ordinal)),
        .. Corruption.Of("sellerUscc", FieldKind.Uscc),
        .. Corruption.Of("buyerUscc", FieldKind.Uscc),
        .. Corruption.Of("amount", FieldKind.Money),
        .. Corruption.Of("tax", FieldKind.Money),
        .. Corruption.Of("kind", FieldKind.Enum),
        .. Corruption.Of("legalRepresentativeIdNumber", FieldKind.ResidentId),
        new("issuedAt before e-invoices", "data.issuedAt", "must not be before 2021-12-01", d => d["issuedAt"] = "2021-11-30T12:00:00+08:00"),
        new("number of another year", "data.invoiceNumber", "the last two digits of the issue year", d => d["invoiceNumber"] = OtherYear(d["invoiceNumber"]!.GetValue<string>())),
        new("red-letter without original", "data.originalInvoiceNumber", "is required", d => { d["kind"] = "RedLetter"; d.Remove("originalInvoiceNumber"); }),
        new("red-letter reversing itself", "data.originalInvoiceNumber", "another invoice", d => { d["kind"] = "RedLetter"; d["originalInvoiceNumber"] = d["invoiceNumber"]!.GetValue<string>(); }),
        new("red-letter original of 19 digits", "data.originalInvoiceNumber", "exactly 20 digits", d => { d["kind"] = "RedLetter"; d["originalInvoiceNumber"] = "2531200000001234567"; }),
        new("original on a Normal invoice", "data.originalInvoiceNumber", "only allowed when kind is RedLetter", d => { d["kind"] = "Normal"; d["originalInvoiceNumber"] = "25312000000012345678"; }),
        new("original on a Void invoice", "data.originalInvoiceNumber", "only allowed when kind is RedLetter", d => { d["kind"] = "Void"; d["originalInvoiceNumber"] = "25312000000012345678"; }),
    ];

    private static readonly string[] Fields =
        ["schemaVersion", "recordId", "invoiceNumber", "issuedAt", "sellerUscc", "buyerUscc", "amount", "tax", "kind", "originalInvoiceNumber", "legalRepresentativeIdNumber"];

    protected override IFeedParser ContractParser => Parser;

    protected override Gen<Input> ContractValid => Valid;

    protected override IReadOnlyList<Corruption> ContractCorruptions => Corruptions;

    protected override IReadOnlyList<string> ContractFields => Fields;

    [Fact]
    public void Parse_IssuedJustAfterMidnightInShanghai_TakesTheShanghaiYear()
    {
        // 2026-01-01 00:30 in Shanghai is still 2025 in UTC: the invoice is numbered for 2026.
        var data = Example();
        data["issuedAt"] = "2025-12-31T16:30:00Z";
        data["invoiceNumber"] = "26312000000000000001";

        var (record, errors) = FeedGen.Parse(Parser, data);

        Assert.False(errors.Any, errors.ToString());
        Assert.Equal("26312000000000000001", Assert.IsType<TaxInvoice>(record).InvoiceNumber);
    }

    [Fact]
    public void Parse_WrongYearPrefix_SaysWhichYearWasExpectedBody()
    {
        var data = Example();
        data["invoiceNumber"] = "25312000000000000001";

        var (record, errors) = FeedGen.Parse(Parser, data);

        Assert.Null(record);
        Assert.Equal("must start with 26, the last two digits of the issue year 2026 (issuedAt)", Assert.Single(errors.ToDictionary()["data.invoiceNumber"]));
    }

    [Fact]
    public void Parse_ErrorsNeverEchoTheIdNumber()
    {
        var data = Example();
        var id = data["legalRepresentativeIdNumber"]!.GetValue<string>();
        data["legalRepresentativeIdNumber"] = id[..17] + (id[17] == '0' ? '1' : '0');
        data["amount"] = -1;

        var (_, errors) = FeedGen.Parse(Parser, data);

        Assert.DoesNotContain(id[..17], errors.ToString(), StringComparison.Ordinal);
    }

    private static JsonObject Example() => new Input(
        "TAX-INV-1", "26312000000000000001", (new DateTimeOffset(2026, 10, 8, 10, 0, 0, TimeSpan.FromHours(8)), "2026-10-08T10:00:00+08:00"),
        TestData.Uscc, "91310000MA1FL8K22L", 10_000m, 600m, InvoiceKind.Normal, null, TestData.IdNumber).ToJson();

    private static string OtherYear(string number)
    {
        var year = int.Parse(number[..2], CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{(year + 1) % 100:D2}{number[2..]}");
    }
}
