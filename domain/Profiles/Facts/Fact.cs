namespace LifeWindow.Domain.Profiles;

/// <summary>
/// A bitemporal fact: what a source record says (<see cref="Record"/>), when that was true in the
/// world (<see cref="ValidFrom"/>, business date) and when we learned it (<see cref="RecordedAt"/>).
/// Its id is the record's evidence hash, so the same source record is the same fact.
/// </summary>
public sealed record Fact(string Id, DateOnly ValidFrom, DateTimeOffset RecordedAt, FeedRecord Record)
{
    public static Fact From(FeedRecord record, DateTimeOffset recordedAt) =>
        new(record.EvidenceHash, ValidFromOf(record), recordedAt, record);

    /// <summary>When a record's content became true: its period, event or as-of date.</summary>
    public static DateOnly ValidFromOf(FeedRecord record) => record switch
    {
        ProvidentFundContribution r => r.Period.FirstDay,
        PropertyRegistryEvent r => BusinessClock.ToBusinessDate(r.RegisteredAt),
        TaxInvoice r => BusinessClock.ToBusinessDate(r.IssuedAt),
        TaxDeclaration r => r.Period.FirstDay,
        ConsentRecord r => BusinessClock.ToBusinessDate(r.At),
        ConsumptionSceneRecord r => r.Period.FirstDay,
        MortgageAccount r => r.StartDate,
        MortgageRepayment r => r.DueDate,
        DepositSnapshot r => r.AsOf,
        PayrollCredit r => BusinessClock.ToBusinessDate(r.CreditedAt),
        PosSettlement r => r.SettledOn,
        LargeTransfer r => BusinessClock.ToBusinessDate(r.At),
        CustodyFlow r => BusinessClock.ToBusinessDate(r.At),
        CallTranscript r => BusinessClock.ToBusinessDate(r.At),
        RiskAssessment r => BusinessClock.ToBusinessDate(r.AssessedAt),
        IncomeDeclaration r => BusinessClock.ToBusinessDate(r.DeclaredAt),
        LoanAccount r => r.AsOf,
        ListEntry r => BusinessClock.ToBusinessDate(r.At),
        _ => throw new ArgumentException($"No valid time is defined for {record.GetType().Name}.", nameof(record)),
    };

    /// <summary>
    /// True for records the profile adds up (payroll, POS, invoices, custody): once their month is compacted
    /// a late duplicate could not be told apart, so late ones are left to the fact log. Every other kind keeps
    /// a winner per subject, which a duplicate cannot change.
    /// </summary>
    public static bool IsAdditive(FeedRecord record) =>
        record is PayrollCredit or PosSettlement or TaxInvoice or CustodyFlow;
}
