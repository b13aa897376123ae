namespace LifeWindow.Integration.Feeds;

/// <summary>
/// What every record of a partner or bank feed shares: schemaVersion 1, the partner's recordId and the
/// customer's resident ID number (tokenized at once, never kept). Each event type reads its own fields in
/// <see cref="ParseBody"/>; every field is checked even when another failed, so the partner sees every
/// error in one answer.
/// </summary>
public abstract class RecordParser : IFeedParser
{
    public abstract string Feed { get; }

    public abstract string EventType { get; }

    /// <summary>The field holding the resident ID number of the record's customer.</summary>
    protected virtual string IdentityField => "idNumber";

    public FeedRecord? Parse(JsonElement data, string path, FeedParseContext context, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errors);
        if (JsonFields.Object(data, path, errors) is not { } fields)
        {
            return null;
        }

        var schemaVersion = fields.Integer("schemaVersion", 1, 1);
        var recordId = fields.String("recordId", 64);
        var identity = context.Identify(fields, IdentityField);
        var header = new RecordHeader(
            recordId ?? string.Empty,
            identity?.CustomerKey ?? string.Empty,
            identity?.Person ?? PersonFacts.Unknown, // the ID number is invalid: such a record is always dropped
            context.EvidenceHash);
        var record = ParseBody(data, fields, context, header);

        return errors.Any || schemaVersion is null || recordId is null || identity is null || record is null ? null : header.Stamp(record);
    }

    /// <summary>
    /// Reads the event type's own fields of <paramref name="data"/> and builds the record with them, or returns null
    /// when a required field is missing or invalid (its error is already recorded). Rules across fields add their
    /// errors without stopping. The common part (record id, customer key, person, evidence) is the header's: it is
    /// stamped on the record afterwards (<see cref="RecordHeader.Stamp"/>). The header's values are placeholders when
    /// the common fields failed, and any record with an error is discarded.
    /// </summary>
    protected abstract FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header);

    /// <summary>The common values every record starts from.</summary>
    protected readonly record struct RecordHeader(string RecordId, string CustomerKey, PersonFacts Person, string EvidenceHash)
    {
        /// <summary>The record with the common part set from this header.</summary>
        public FeedRecord Stamp(FeedRecord record) =>
            record with { RecordId = RecordId, CustomerKey = CustomerKey, Person = Person, EvidenceHash = EvidenceHash };
    }
}
