namespace LifeWindow.Integration.Feeds.Tax;

/// <summary>
/// Tax declaration, schema v1 (see samples/tax/declaration.json): schemaVersion, recordId, uscc,
/// period (yyyy-Qn), declaredRevenue, taxPaid, legalRepresentativeIdNumber.
/// </summary>
/// <remarks>
/// The period is always a quarter: small-scale taxpayers file quarterly and cannot be split into
/// months, while a monthly filer's three months add up to a quarter without loss of meaning.
/// </remarks>
public sealed class TaxDeclarationParser : RecordParser
{
    /// <summary>A sanity floor: declarations this old say nothing about current income and are more likely a typo.</summary>
    public static readonly YearQuarter FirstPeriod = new(2000, 1);

    public override string Feed => "tax";

    public override string EventType => "tax.declaration";

    protected override string IdentityField => "legalRepresentativeIdNumber";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var uscc = fields.Uscc("uscc");
        var period = Period(fields, context.Today);
        var declaredRevenue = fields.Money("declaredRevenue");
        var taxPaid = fields.Money("taxPaid");

        if (uscc is null || period is null || declaredRevenue is null
            || taxPaid is null)
        {
            return null;
        }

        return new TaxDeclaration
        {
            Uscc = uscc,
            Period = period.Value,
            DeclaredRevenue = declaredRevenue.Value,
            TaxPaid = taxPaid.Value,
        };
    }

    /// <summary>A finished quarter: a declaration is filed after its period ends.</summary>
    private static YearQuarter? Period(JsonFields fields, DateOnly today)
    {
        var text = fields.String("period", 16);
        if (text is null)
        {
            return null;
        }

        if (!YearQuarter.TryParse(text, out var period))
        {
            fields.Error("period", "must be a quarter as yyyy-Qn, e.g. 2026-Q3");
            return null;
        }

        var lastFinished = YearQuarter.From(today).AddQuarters(-1);
        if (period < FirstPeriod || period > lastFinished)
        {
            fields.Error("period", $"must be a finished quarter from {FirstPeriod} to {lastFinished}");
            return null;
        }

        return period;
    }
}
