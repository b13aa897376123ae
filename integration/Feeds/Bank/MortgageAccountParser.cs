namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.mortgage-account, schema v1 (see samples/bank/mortgage-account.json): recordId, idNumber,
/// accountId, phone (optional), propertyId, principal, balance, annualRate, termMonths, startDate, status.
/// </summary>
public sealed class MortgageAccountParser : BankRecordParser
{
    /// <summary>Far above any mortgage rate the bank has charged; a larger value is a percent sent as a number (4.2 for 4.2%).</summary>
    private const decimal MaxAnnualRate = 0.2m;

    /// <summary>Residential mortgages run at most 30 years.</summary>
    private const int MaxTermMonths = 360;

    public override string EventType => "bank.mortgage-account";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var accountId = fields.String("accountId", 64);
        // With an invalid ID number the customer key is a placeholder; the match tokens made with it
        // are never indexed because the record is rejected.
        var phone = context.MaskedPhone(fields, "phone", header.CustomerKey);
        var propertyId = fields.String("propertyId", 64);
        var principal = fields.PositiveMoney("principal");
        var balance = fields.Money("balance");
        var annualRate = fields.Decimal("annualRate", 0m, MaxAnnualRate, maxScale: 4);
        var termMonths = fields.Integer("termMonths", 1, MaxTermMonths);
        var startDate = fields.PastDate("startDate", context.Today);
        var status = fields.Enum<MortgageStatus>("status");

        if (balance > principal)
        {
            fields.Error("balance", "must not be more than principal");
        }

        if (status == MortgageStatus.PaidOff && balance > 0m)
        {
            fields.Error("balance", "must be 0 when status is PaidOff");
        }

        if (accountId is null || propertyId is null || principal is null || balance is null || annualRate is null
            || termMonths is null || startDate is null || status is null)
        {
            return null;
        }

        return new MortgageAccount
        {
            AccountId = accountId,
            PropertyId = propertyId,
            MaskedPhone = phone,
            Principal = principal.Value,
            Balance = balance.Value,
            AnnualRate = annualRate.Value,
            TermMonths = termMonths.Value,
            StartDate = startDate.Value,
            Status = status.Value,
        };
    }
}
