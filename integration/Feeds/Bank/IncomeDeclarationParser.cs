namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.income-declaration (收入声明), schema v1 (see samples/bank/income-declaration.json): recordId, idNumber,
/// monthlyIncome (CNY before tax, money more than 0), channel (App | Branch | RelationshipManager), declaredAt.
/// </summary>
public sealed class IncomeDeclarationParser : BankRecordParser
{
    public override string EventType => "bank.income-declaration";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var income = fields.PositiveMoney("monthlyIncome");
        var channel = fields.Enum<DeclarationChannel>("channel");
        var declaredAt = fields.PastInstant("declaredAt", context.Today);

        if (income is null || channel is null || declaredAt is null)
        {
            return null;
        }

        return new IncomeDeclaration
        {
            MonthlyIncome = income.Value,
            Channel = channel.Value,
            DeclaredAt = declaredAt.Value,
        };
    }
}
