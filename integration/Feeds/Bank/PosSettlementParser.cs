namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.pos-settlement, schema v1 (see samples/bank/pos-settlement.json): recordId, idNumber (the
/// merchant's owner), merchantUscc, settledOn, amount, transactionCount. A day without transactions
/// settles nothing, so transactionCount 0 needs amount 0.
/// </summary>
public sealed class PosSettlementParser : BankRecordParser
{
    /// <summary>Far above what one merchant's terminals can settle in a day; a larger count is a bad field.</summary>
    private const int MaxTransactionCount = 10_000_000;

    public override string EventType => "bank.pos-settlement";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var merchantUscc = fields.Uscc("merchantUscc");
        var settledOn = fields.PastDate("settledOn", context.Today);
        var amount = fields.Money("amount");
        var transactionCount = fields.Integer("transactionCount", 0, MaxTransactionCount);

        if (transactionCount == 0 && amount > 0m)
        {
            fields.Error("amount", "must be 0 when transactionCount is 0");
        }

        if (merchantUscc is null || settledOn is null || amount is null || transactionCount is null)
        {
            return null;
        }

        return new PosSettlement
        {
            MerchantUscc = merchantUscc,
            SettledOn = settledOn.Value,
            Amount = amount.Value,
            TransactionCount = transactionCount.Value,
        };
    }
}
