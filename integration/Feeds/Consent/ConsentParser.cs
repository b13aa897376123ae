namespace LifeWindow.Integration.Feeds.Consent;

/// <summary>
/// Consent (授权) granted or withdrawn, schema v1 (see samples/consent/record.json): schemaVersion,
/// recordId, idNumber, purpose, partner (SharingWith only), source, action, evidenceId, at.
/// </summary>
public sealed class ConsentParser : RecordParser
{
    /// <summary>A sanity floor: no electronic consent we can act on is older.</summary>
    public static readonly DateOnly FirstConsent = new(2000, 1, 1);

    public override string Feed => "consent";

    public override string EventType => "consent.record";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var purpose = fields.Enum<ConsentPurpose>("purpose");
        var partner = Partner(data, fields, purpose);
        var source = fields.Enum<ConsentSource>("source");
        var action = fields.Enum<ConsentAction>("action");
        var evidenceId = fields.String("evidenceId", 128);
        var at = fields.OffsetInstant("at", FirstConsent, context.Today);

        if (purpose is null || source is null
            || action is null || evidenceId is null || at is null)
        {
            return null;
        }

        return new ConsentRecord
        {
            Purpose = purpose.Value,
            Partner = partner,
            Source = source.Value,
            Action = action.Value,
            EvidenceId = evidenceId,
            At = at.Value,
        };
    }

    /// <summary>Sharing consent names whom the data goes to; other purposes must not, so a partner is never silently ignored.</summary>
    private static string? Partner(JsonElement data, JsonFields fields, ConsentPurpose? purpose)
    {
        if (purpose == ConsentPurpose.SharingWith)
        {
            return fields.String("partner", 64);
        }

        if (purpose is not null && GovernmentFieldRules.Has(data, "partner"))
        {
            fields.Error("partner", $"is only allowed when purpose is {nameof(ConsentPurpose.SharingWith)}");
        }

        return null;
    }
}
