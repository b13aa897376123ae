namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.loan-account (消费贷、经营贷), schema v1 (see samples/bank/loan-account.json): recordId, idNumber, accountId,
/// kind (Consumer | Business | Revolving), principal, balance, monthlyPayment, daysPastDue, status (Active | PaidOff | Closed), asOf.
/// </summary>
public sealed class LoanAccountParser : BankRecordParser
{
    /// <summary>Past this a loan is written off, not late: a larger figure is a date or an amount in the wrong field.</summary>
    private const int MaxDaysPastDue = 3650;

    public override string EventType => "bank.loan-account";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var accountId = fields.String("accountId", 64);
        var kind = fields.Enum<LoanKind>("kind");
        var principal = fields.PositiveMoney("principal");
        var balance = fields.Money("balance");
        var payment = fields.Money("monthlyPayment");
        var daysPastDue = fields.Integer("daysPastDue", 0, MaxDaysPastDue);
        var status = fields.Enum<LoanStatus>("status");
        var asOf = fields.PastDate("asOf", context.Today);

        if (balance > principal)
        {
            fields.Error("balance", "must not be more than principal");
        }

        if (status is LoanStatus.PaidOff or LoanStatus.Closed && (balance > 0m || daysPastDue > 0))
        {
            fields.Error(balance > 0m ? "balance" : "daysPastDue", $"must be 0 when status is {status}");
        }

        return (accountId, kind, principal, balance, payment, daysPastDue, status, asOf) is ({ } id, { } k, { } p, { } b, { } m, { } d, { } s, { } a)
            ? new LoanAccount { AccountId = id, Kind = k, Principal = p, Balance = b, MonthlyPayment = m, DaysPastDue = d, Status = s, AsOf = a }
            : null;
    }
}
