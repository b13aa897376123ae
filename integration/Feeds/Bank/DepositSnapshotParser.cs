namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.deposit-snapshot, schema v1 (see samples/bank/deposit-snapshot.json): recordId, idNumber, asOf,
/// demand, term, wealthProducts, funds, bonds, insurance. AUM is their sum, derived by the record.
/// </summary>
public sealed class DepositSnapshotParser : BankRecordParser
{
    public override string EventType => "bank.deposit-snapshot";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var asOf = fields.PastDate("asOf", context.Today);
        var demand = fields.Money("demand");
        var term = fields.Money("term");
        var wealthProducts = fields.Money("wealthProducts");
        var funds = fields.Money("funds");
        var bonds = fields.Money("bonds");
        var insurance = fields.Money("insurance");

        if (asOf is null || demand is null || term is null || wealthProducts is null || funds is null || bonds is null || insurance is null)
        {
            return null;
        }

        return new DepositSnapshot
        {
            AsOf = asOf.Value,
            Demand = demand.Value,
            Term = term.Value,
            WealthProducts = wealthProducts.Value,
            Funds = funds.Value,
            Bonds = bonds.Value,
            Insurance = insurance.Value,
        };
    }
}
