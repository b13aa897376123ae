using System.Text.Json.Serialization;

namespace LifeWindow.Domain.Feeds;

/// <summary>
/// A validated, tokenized record as it travels on the feed stream. It carries no raw personal
/// identifier: only the customer key, derived facts and the hash of the source evidence.
/// </summary>
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
[JsonDerivedType(typeof(ConsumptionSceneRecord), ConsumptionSceneRecord.TypeName)]
public abstract record FeedRecord
{
    /// <summary>The partner's own id for the record.</summary>
    public required string RecordId { get; init; }

    /// <summary>HMAC token of the resident ID number (see integration/Tokenization).</summary>
    public required string CustomerKey { get; init; }

    /// <summary>SHA-256 (hex) of the source payload this record was derived from.</summary>
    public required string EvidenceHash { get; init; }

    /// <summary>Demographics derived at ingress from the ID number, which was then discarded.</summary>
    public required PersonFacts Person { get; init; }

    /// <summary>
    /// After a pepper rotation: the same customer's keys under retired peppers, so the consumer can move
    /// what it holds under them to <see cref="CustomerKey"/>. Null when no pepper is retired.
    /// </summary>
    public IReadOnlyList<string>? PreviousCustomerKeys { get; init; }
}

/// <summary>What we keep of the ID number: an age band, gender and whether the holder is locally registered.</summary>
public sealed record PersonFacts(string AgeBand, string Gender, Residency Residency);

public enum Residency
{
    /// <summary>本地户籍: household registration in the bank's region.</summary>
    Local,

    /// <summary>新市民: registered elsewhere.</summary>
    NewResident,
}

/// <summary>One record on the feed stream, with where and when it came in.</summary>
public sealed record FeedMessage(string Feed, string Partner, string DeliveryId, DateTimeOffset ReceivedAt, FeedRecord Record);
