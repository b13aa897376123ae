namespace LifeWindow.Integration.Tests.GovernmentFeeds;

public class TaxDeclarationParserTests : ParserContract<TaxDeclarationParserTests.Input>
{
    private static readonly TaxDeclarationParser Parser = new();

    public sealed record Input(string RecordId, string Uscc, YearQuarter Period, decimal Revenue, decimal TaxPaid, string IdNumber) : IGeneratedRecord
    {
        public IReadOnlyList<string> RawIds => [IdNumber];

        FeedRecord IGeneratedRecord.ExpectedRecord() => FeedGen.WithHeader(ExpectedBody(), RecordId, IdNumber);

        public JsonObject ToJson() => new()
        {
            ["schemaVersion"] = 1,
            ["recordId"] = RecordId,
            ["uscc"] = Uscc,
            ["period"] = Period.ToString(),
            ["declaredRevenue"] = Revenue,
            ["taxPaid"] = TaxPaid,
            ["legalRepresentativeIdNumber"] = IdNumber,
        };

        public TaxDeclaration ExpectedBody() => new()
        {
            Uscc = Uscc.ToUpperInvariant(),
            Period = Period,
            DeclaredRevenue = Revenue,
            TaxPaid = TaxPaid,
        };
    }

    /// <summary>Today is 2026-11-24 (2026-Q4), so the last finished quarter is 2026-Q3.</summary>
    private static readonly YearQuarter LastFinished = new(2026, 3);

    private static readonly Gen<Input> Valid = Gen.Select(
        FeedGen.RecordId, FeedGen.Uscc, Gen.Int[TaxDeclarationParser.FirstPeriod.Index, LastFinished.Index].Select(i => new YearQuarter(i / 4, (i % 4) + 1)),
        FeedGen.Money, FeedGen.Money, FeedGen.IdNumber,
        (recordId, uscc, period, revenue, tax, id) => new Input(recordId, uscc, period, revenue, tax, id));

    private static readonly Corruption[] Corruptions =
    [
        .. Corruption.Of("schemaVersion", FieldKind.SchemaVersion),
        .. Corruption.Of("recordId", FieldKind.Text),
        .. Corruption.Of("uscc", FieldKind.Uscc),
        .. Corruption.Of("declaredRevenue", FieldKind.Money),
        .. Corruption.Of("taxPaid", FieldKind.Money),
        .. Corruption.Of("legalRepresentativeIdNumber", FieldKind.ResidentId),
        .. Corruption.Of("period", FieldKind.Text).Where(c => !c.Name.EndsWith("too long", StringComparison.Ordinal)),
        new("period as a month", "data.period", "must be a quarter as yyyy-Qn", d => d["period"] = "2026-07"),
        new("period Q5", "data.period", "must be a quarter as yyyy-Qn", d => d["period"] = "2026-Q5"),
        new("period lower-case q", "data.period", "must be a quarter as yyyy-Qn", d => d["period"] = "2026-q1"),
        new("period without dash", "data.period", "must be a quarter as yyyy-Qn", d => d["period"] = "2026Q1"),
        new("period not finished", "data.period", "must be a finished quarter from 2000-Q1 to 2026-Q3", d => d["period"] = "2026-Q4"),
        new("period before 2000", "data.period", "must be a finished quarter", d => d["period"] = "1999-Q4"),
    ];

    private static readonly string[] Fields = ["schemaVersion", "recordId", "uscc", "period", "declaredRevenue", "taxPaid", "legalRepresentativeIdNumber"];

    protected override IFeedParser ContractParser => Parser;

    protected override Gen<Input> ContractValid => Valid;

    protected override IReadOnlyList<Corruption> ContractCorruptions => Corruptions;

    protected override IReadOnlyList<string> ContractFields => Fields;

    [Theory]
    [InlineData("2026-Q3", 2026, 3)]
    [InlineData("2000-Q1", 2000, 1)]
    public void YearQuarter_TryParse_ReadsTheFormat(string text, int year, int quarter)
    {
        Assert.True(YearQuarter.TryParse(text, out var value));
        Assert.Equal(new YearQuarter(year, quarter), value);
        Assert.Equal(text, value.ToString());
    }

    [Fact]
    public void YearQuarter_From_FindsTheQuarterOfADay()
    {
        Assert.Equal(new YearQuarter(2026, 4), YearQuarter.From(TestData.Today));
        Assert.Equal(new YearQuarter(2026, 1), YearQuarter.From(new DateOnly(2026, 3, 31)));
        Assert.Equal(new YearQuarter(2025, 4), new YearQuarter(2026, 1).AddQuarters(-1));
    }
}
