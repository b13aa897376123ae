namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.mortgage-repayment, schema v1 (see samples/bank/mortgage-repayment.json): recordId, idNumber,
/// accountId, dueDate, paidDate (optional), amountDue, amountPaid, daysPastDue.
/// </summary>
/// <remarks>
/// The core system reports an instalment once it has fallen due, so dueDate is not in the future.
/// Instalments are debited on or after the due date; a payment may come up to one month early, and
/// anything earlier is a prepayment (提前还款), not this instalment. A paid amount needs its date and
/// vice versa, and an instalment cannot be more days past due than days have passed since it fell
/// due (until it was paid in full, or until today).
/// </remarks>
public sealed class MortgageRepaymentParser : BankRecordParser
{
    /// <summary>Ten years: beyond that the loan would long have been written off.</summary>
    private const int MaxDaysPastDue = 3650;

    public override string EventType => "bank.mortgage-repayment";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var accountId = fields.String("accountId", 64);
        var dueDate = fields.PastDate("dueDate", context.Today);
        var paidDate = fields.PastDate("paidDate", context.Today, required: false);
        var amountDue = fields.Money("amountDue");
        var amountPaid = fields.Money("amountPaid");
        var daysPastDue = fields.Integer("daysPastDue", 0, MaxDaysPastDue);

        if (dueDate is { } due && paidDate is { } paid && paid < due.AddMonths(-1))
        {
            fields.Error("paidDate", $"must not be more than one month before dueDate ({due:yyyy-MM-dd}); an earlier payment is a prepayment");
        }

        // An invalid paidDate already has its error; only a paidDate that is not there at all is missing.
        var paidDateGiven = data.TryGetProperty("paidDate", out var given) && given.ValueKind != JsonValueKind.Null;
        if (amountPaid > 0m && !paidDateGiven)
        {
            fields.Error("paidDate", "is required when amountPaid is more than 0");
        }

        if (amountPaid == 0m && paidDate is not null)
        {
            fields.Error("amountPaid", "must be more than 0 when paidDate is given");
        }

        if (dueDate is { } dueOn && daysPastDue is { } dpd && amountPaid is { } paidAmount && amountDue is { } dueAmount && (paidDate is not null || !paidDateGiven))
        {
            // Overdue days stop counting when the instalment is paid in full, else they run until today.
            var settled = paidDate is not null && paidAmount >= dueAmount;
            var until = settled ? paidDate!.Value : context.Today;
            var max = Math.Max(0, until.DayNumber - dueOn.DayNumber);
            if (dpd > max)
            {
                fields.Error("daysPastDue", string.Create(CultureInfo.InvariantCulture,
                    $"must be at most {max}: the instalment fell due on {dueOn:yyyy-MM-dd} and {(settled ? "was paid in full on" : "is not paid in full as of")} {until:yyyy-MM-dd}"));
            }
        }

        if (accountId is null || dueDate is null || amountDue is null || amountPaid is null || daysPastDue is null)
        {
            return null;
        }

        return new MortgageRepayment
        {
            AccountId = accountId,
            DueDate = dueDate.Value,
            PaidDate = paidDate,
            AmountDue = amountDue.Value,
            AmountPaid = amountPaid.Value,
            DaysPastDue = daysPastDue.Value,
        };
    }
}
