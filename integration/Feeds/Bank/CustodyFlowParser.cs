namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.custody-flow (三方存管), schema v1 (see samples/bank/custody-flow.json): recordId, idNumber,
/// direction (Out = bank → broker, In = broker → bank), amount, brokerCode, at.
/// </summary>
public sealed class CustodyFlowParser : BankRecordParser
{
    private const int MaxBrokerCodeLength = 16;

    public override string EventType => "bank.custody-flow";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var direction = fields.Enum<FlowDirection>("direction");
        var amount = fields.PositiveMoney("amount");
        var brokerCode = fields.Code("brokerCode", MaxBrokerCodeLength);
        var at = fields.PastInstant("at", context.Today);

        if (direction is null || amount is null || brokerCode is null || at is null)
        {
            return null;
        }

        return new CustodyFlow
        {
            Direction = direction.Value,
            Amount = amount.Value,
            BrokerCode = brokerCode,
            At = at.Value,
        };
    }
}
