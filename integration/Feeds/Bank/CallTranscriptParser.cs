namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.call-transcript, schema v1 (see samples/bank/call-transcript.json): recordId, idNumber, at,
/// channel (Phone | App | Branch), snippet (≤ 2000 characters). The snippet is redacted by
/// <see cref="TranscriptRedactor.RedactPersonalData"/> before it goes anywhere: customers read out phone and ID
/// numbers, and say their own and others' names.
/// </summary>
public sealed class CallTranscriptParser : BankRecordParser
{
    public const int MaxSnippetLength = 2000;

    public override string EventType => "bank.call-transcript";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var at = fields.PastInstant("at", context.Today);
        var channel = fields.Enum<ContactChannel>("channel");
        var snippet = fields.String("snippet", MaxSnippetLength);

        if (at is null || channel is null || snippet is null)
        {
            return null;
        }

        return new CallTranscript
        {
            At = at.Value,
            Channel = channel.Value,
            Snippet = TranscriptRedactor.RedactPersonalData(snippet),
        };
    }
}
