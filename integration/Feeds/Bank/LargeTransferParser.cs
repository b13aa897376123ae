namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.large-transfer, schema v1 (see samples/bank/large-transfer.json): recordId, idNumber,
/// direction (In | Out), amount, counterpartyType (CrossBank | SameBank), at.
/// </summary>
public sealed class LargeTransferParser : BankRecordParser
{
    public override string EventType => "bank.large-transfer";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var direction = fields.Enum<FlowDirection>("direction");
        var amount = fields.PositiveMoney("amount");
        var counterpartyType = fields.Enum<CounterpartyType>("counterpartyType");
        var at = fields.PastInstant("at", context.Today);

        if (direction is null || amount is null || counterpartyType is null || at is null)
        {
            return null;
        }

        return new LargeTransfer
        {
            Direction = direction.Value,
            Amount = amount.Value,
            CounterpartyType = counterpartyType.Value,
            At = at.Value,
        };
    }
}
