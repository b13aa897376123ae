namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.payroll-credit (代发工资), schema v1 (see samples/bank/payroll-credit.json): recordId, idNumber,
/// employerUscc, creditedAt, amount.
/// </summary>
public sealed class PayrollCreditParser : BankRecordParser
{
    public override string EventType => "bank.payroll-credit";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var employerUscc = fields.Uscc("employerUscc");
        var creditedAt = fields.PastInstant("creditedAt", context.Today);
        var amount = fields.PositiveMoney("amount");

        if (employerUscc is null || creditedAt is null || amount is null)
        {
            return null;
        }

        return new PayrollCredit
        {
            EmployerUscc = employerUscc,
            CreditedAt = creditedAt.Value,
            Amount = amount.Value,
        };
    }
}
