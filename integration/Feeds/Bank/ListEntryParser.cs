namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.list-entry (黑名单、反欺诈名单), schema v1 (see samples/bank/list-entry.json): recordId, idNumber,
/// list (Blacklist | Fraud), action (Add | Remove), reason (≤ 64 characters, digit runs masked as in call
/// transcripts: a reason may quote an ID or phone number), source (≤ 64), at.
/// </summary>
public sealed class ListEntryParser : BankRecordParser
{
    public override string EventType => "bank.list-entry";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var list = fields.Enum<CreditList>("list");
        var action = fields.Enum<ListAction>("action");
        var reason = fields.String("reason", 64);
        var source = fields.String("source", 64);
        var at = fields.PastInstant("at", context.Today);

        if (list is null || action is null || reason is null || source is null || at is null)
        {
            return null;
        }

        return new ListEntry
        {
            List = list.Value,
            Action = action.Value,
            Reason = TranscriptRedactor.RedactPersonalData(reason),
            Source = source,
            At = at.Value,
        };
    }
}
