namespace LifeWindow.Integration.Feeds.PropertyRegistry;

/// <summary>
/// Property registry (不动产登记) event, schema v1 (see samples/property-registry/event.json):
/// schemaVersion, recordId, eventType, certificateNo, propertyId, owners [{idNumber, sharePct?}],
/// city, cityTier, areaSqm, price / appraisedValue / mortgageAmount (each required for its event
/// type), registeredAt.
/// </summary>
public sealed class PropertyRegistryParser : IFeedParser
{
    public const int MaxOwners = 10;

    private const decimal MaxAreaSqm = 1_000_000m;
    private const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>The registry data partners hold starts with the 1990s housing reform; anything earlier is a data error.</summary>
    private static readonly DateOnly FirstRegistration = new(1990, 1, 1);

    public string Feed => "property-registry";

    public string EventType => "property-registry.event";

    public FeedRecord? Parse(JsonElement data, string path, FeedParseContext context, ValidationErrors errors)
    {
        if (JsonFields.Object(data, path, errors) is not { } fields)
        {
            return null;
        }

        var schemaVersion = fields.Integer("schemaVersion", 1, 1);
        var recordId = fields.String("recordId", 64);
        var eventType = fields.Enum<PropertyEventType>("eventType");
        var certificateNo = fields.String("certificateNo", 64);
        var propertyId = fields.String("propertyId", 64);
        var owners = Owners(data, fields, context, errors);
        var city = fields.String("city", 64);
        var cityTier = fields.Enum<CityTier>("cityTier");
        var areaSqm = GovernmentFieldRules.Positive(fields, "areaSqm", MaxAreaSqm, maxScale: 2);

        // A zero price is a real transfer without sale (gift, inheritance); a zero appraisal or mortgage is not.
        var price = Amount(data, fields, "price", eventType, PropertyEventType.Transfer, positive: false);
        var appraisedValue = Amount(data, fields, "appraisedValue", eventType, PropertyEventType.Appraisal, positive: true);
        var mortgageAmount = Amount(data, fields, "mortgageAmount", eventType, PropertyEventType.MortgageRegistered, positive: true);
        var registeredAt = fields.OffsetInstant("registeredAt", FirstRegistration, context.Today);

        if (errors.Any || schemaVersion is null || recordId is null || eventType is null || certificateNo is null || propertyId is null
            || owners is null || city is null || cityTier is null || areaSqm is null || registeredAt is null)
        {
            return null;
        }

        return new PropertyRegistryEvent
        {
            RecordId = recordId,
            CustomerKey = owners[0].CustomerKey,
            Person = owners[0].Person,
            EvidenceHash = context.EvidenceHash,
            EventType = eventType.Value,
            CertificateNo = certificateNo,
            PropertyId = propertyId,
            Owners = owners,
            City = city,
            CityTier = cityTier.Value,
            AreaSqm = areaSqm.Value,
            Price = price,
            AppraisedValue = appraisedValue,
            MortgageAmount = mortgageAmount,
            RegisteredAt = registeredAt.Value,
        };
    }

    /// <summary>Optional amounts are kept when given (a mortgage registration often carries the appraisal), required for their own event type.</summary>
    private static decimal? Amount(JsonElement data, JsonFields fields, string name, PropertyEventType? eventType, PropertyEventType requiredFor, bool positive)
    {
        if (GovernmentFieldRules.Has(data, name))
        {
            return positive ? GovernmentFieldRules.Positive(fields, name, MaxAmount, maxScale: 2) : fields.Money(name);
        }

        if (eventType == requiredFor)
        {
            fields.Error(name, $"is required when eventType is {requiredFor}");
        }

        return null;
    }

    /// <summary>
    /// 1 to <see cref="MaxOwners"/> owners, each a different person. Shares are given for every owner
    /// (按份共有) and then add up to exactly 100, or for none (共同共有, joint ownership).
    /// </summary>
    private static List<PropertyOwner>? Owners(JsonElement data, JsonFields fields, FeedParseContext context, ValidationErrors errors)
    {
        if (!GovernmentFieldRules.Has(data, "owners"))
        {
            fields.Error("owners", "is required");
            return null;
        }

        var array = data.GetProperty("owners");
        if (array.ValueKind != JsonValueKind.Array)
        {
            fields.Error("owners", "must be an array of owners");
            return null;
        }

        var count = array.GetArrayLength();
        if (count is 0 or > MaxOwners)
        {
            fields.Error("owners", $"must hold 1 to {MaxOwners} owners");
            return null;
        }

        var owners = new List<PropertyOwner>(count);
        var read = new List<(JsonFields Fields, bool HasShare)>(count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var complete = true;
        var index = -1;
        foreach (var item in array.EnumerateArray())
        {
            index++;
            if (JsonFields.Object(item, $"{fields.At("owners")}[{index}]", errors) is not { } owner)
            {
                complete = false;
                continue;
            }

            var identity = context.Identify(owner, "idNumber");
            var hasShare = GovernmentFieldRules.Has(item, "sharePct");
            var share = hasShare ? GovernmentFieldRules.Positive(owner, "sharePct", 100m, maxScale: 2) : null;
            read.Add((owner, hasShare));
            if (identity is null || (hasShare && share is null))
            {
                complete = false;
                continue;
            }

            if (!seen.TryAdd(identity.Value.CustomerKey, index))
            {
                owner.Error("idNumber", $"is the same person as owners[{seen[identity.Value.CustomerKey]}]");
                complete = false;
            }

            owners.Add(new PropertyOwner(identity.Value.CustomerKey, identity.Value.Person, share));
        }

        if (read.Any(r => r.HasShare) && read.Any(r => !r.HasShare))
        {
            foreach (var (owner, _) in read.Where(r => !r.HasShare))
            {
                owner.Error("sharePct", "must be given for every owner or for none");
            }

            return null;
        }

        if (!complete)
        {
            return null;
        }

        if (owners[0].SharePct is not null && owners.Sum(o => o.SharePct!.Value) is var total && total != 100m)
        {
            fields.Error("owners", string.Create(CultureInfo.InvariantCulture, $"the owners' sharePct must add up to 100 (they add up to {total})"));
            return null;
        }

        return owners;
    }
}
