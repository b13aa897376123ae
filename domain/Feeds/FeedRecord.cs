namespace LifeWindow.Domain.Feeds;

/// <summary>
/// A validated, tokenized record as it travels on the feed stream. It carries no raw personal
/// identifier: only the customer key, derived facts and the hash of the source evidence.
/// </summary>
/// <remarks>
/// The common part (<see cref="RecordId"/>, <see cref="CustomerKey"/>, <see cref="EvidenceHash"/>, <see cref="Person"/>)
/// is not <c>required</c>: a parser builds the record from its own fields and the common header stamps these on it
/// in one place (integration's RecordParser). Code that builds a record otherwise sets them itself.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ProvidentFundContribution), ProvidentFundContribution.TypeName)]
[JsonDerivedType(typeof(PropertyRegistryEvent), PropertyRegistryEvent.TypeName)]
[JsonDerivedType(typeof(TaxInvoice), TaxInvoice.TypeName)]
[JsonDerivedType(typeof(TaxDeclaration), TaxDeclaration.TypeName)]
[JsonDerivedType(typeof(ConsentRecord), ConsentRecord.TypeName)]
[JsonDerivedType(typeof(Bank.MortgageAccount), Bank.MortgageAccount.TypeName)]
[JsonDerivedType(typeof(Bank.MortgageRepayment), Bank.MortgageRepayment.TypeName)]
[JsonDerivedType(typeof(Bank.DepositSnapshot), Bank.DepositSnapshot.TypeName)]
[JsonDerivedType(typeof(Bank.PayrollCredit), Bank.PayrollCredit.TypeName)]
[JsonDerivedType(typeof(Bank.PosSettlement), Bank.PosSettlement.TypeName)]
[JsonDerivedType(typeof(Bank.LargeTransfer), Bank.LargeTransfer.TypeName)]
[JsonDerivedType(typeof(Bank.CustodyFlow), Bank.CustodyFlow.TypeName)]
[JsonDerivedType(typeof(Bank.CallTranscript), Bank.CallTranscript.TypeName)]
[JsonDerivedType(typeof(Bank.RiskAssessment), Bank.RiskAssessment.TypeName)]
[JsonDerivedType(typeof(Bank.IncomeDeclaration), Bank.IncomeDeclaration.TypeName)]
[JsonDerivedType(typeof(Bank.LoanAccount), Bank.LoanAccount.TypeName)]
[JsonDerivedType(typeof(Bank.ListEntry), Bank.ListEntry.TypeName)]
[JsonDerivedType(typeof(ConsumptionSceneRecord), ConsumptionSceneRecord.TypeName)]
public abstract record FeedRecord
{
    /// <summary>The partner's own id for the record.</summary>
    public string RecordId { get; init; } = string.Empty;

    /// <summary>HMAC token of the resident ID number (see integration/Tokenization).</summary>
    public string CustomerKey { get; init; } = string.Empty;

    /// <summary>SHA-256 (hex) of the source payload this record was derived from.</summary>
    public string EvidenceHash { get; init; } = string.Empty;

    /// <summary>Demographics derived at ingress from the ID number, which was then discarded.</summary>
    public PersonFacts Person { get; init; } = PersonFacts.Unknown;

    /// <summary>
    /// After a pepper rotation: the same customer's keys under retired peppers, so the consumer can move
    /// what it holds under them to <see cref="CustomerKey"/>. Null when no pepper is retired.
    /// </summary>
    public IReadOnlyList<string>? PreviousCustomerKeys { get; init; }
}

/// <summary>What we keep of the ID number: an age band, gender and whether the holder is locally registered.</summary>
public sealed record PersonFacts(string AgeBand, string Gender, Residency Residency)
{
    /// <summary>No person yet (a record before its header is stamped).</summary>
    public static PersonFacts Unknown { get; } = new(string.Empty, string.Empty, Residency.NewResident);
}

public enum Residency
{
    /// <summary>本地户籍: household registration in the bank's region.</summary>
    Local,

    /// <summary>新市民: registered elsewhere.</summary>
    NewResident,
}

/// <summary>One record on the feed stream, with where and when it came in.</summary>
public sealed record FeedMessage(string Feed, string Partner, string DeliveryId, DateTimeOffset ReceivedAt, FeedRecord Record)
{
    /// <summary>The W3C traceparent of the ingress span that accepted the record: the fold, its windows' workflows and the lead continue that trace.</summary>
    public string? TraceParent { get; init; }
}
