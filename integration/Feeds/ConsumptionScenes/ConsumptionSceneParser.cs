namespace LifeWindow.Integration.Feeds.ConsumptionScenes;

/// <summary>
/// Consumption-scene whitelist, schema v1 (see samples/consumption-scenes/): schemaVersion, recordId,
/// period (yyyy-MM), matchKind (Id | Phone), matchToken (64 lower-case hex), scenes {Scene: {orderCount,
/// spendBand}}. The record leaves the parser with a placeholder customer key and its match token
/// pending; <see cref="ConsumptionSceneMatchCheck"/> resolves the token for the sending partner.
/// </summary>
public sealed class ConsumptionSceneParser : IFeedParser
{
    public const string FeedName = "consumption-scenes";
    public const string Type = "consumption.whitelist";

    /// <summary>Older months are of no use to a life-event window and are not ours to keep.</summary>
    public const int MaxPeriodAgeMonths = 36;

    /// <summary>A plausibility cap: more orders than this in one scene in one month is a partner error.</summary>
    public const int MaxOrderCount = 10_000;

    public const int TokenLength = 64;

    public string Feed => FeedName;

    public string EventType => Type;

    public FeedRecord? Parse(JsonElement data, string path, FeedParseContext context, ValidationErrors errors)
    {
        if (JsonFields.Object(data, path, errors) is not { } fields)
        {
            return null;
        }

        var schemaVersion = fields.Integer("schemaVersion", 1, 1);
        var recordId = fields.String("recordId", 64);
        var period = Period(fields, context.Today);
        var match = Match(fields);
        var scenes = Scenes(data, fields, errors);

        if (errors.Any || schemaVersion is null || recordId is null || period is null || match is null || scenes is null)
        {
            return null;
        }

        return new ConsumptionSceneRecord
        {
            RecordId = recordId,
            CustomerKey = ConsumptionSceneRecord.UnresolvedCustomerKey,
            Person = ConsumptionSceneRecord.NotDerived,
            EvidenceHash = context.EvidenceHash,
            Period = period.Value,
            Scenes = scenes,
            PendingMatch = match,
        };
    }

    /// <summary>
    /// Reads just the match of a record, without validating the rest: lets a batch import tell an
    /// unmatched row from a bad one cheaply. Null when either field is missing or malformed.
    /// </summary>
    public static WhitelistMatch? PeekMatch(JsonElement data)
    {
        try
        {
            return Peek(data);
        }
        catch (InvalidOperationException)
        {
            // Unsound text (a lone surrogate escape, bytes that are not UTF-8): the ingestor rejects it with its path.
            return null;
        }
    }

    private static WhitelistMatch? Peek(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("matchKind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String
            || !data.TryGetProperty("matchToken", out var tokenElement) || tokenElement.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var kindText = kindElement.GetString();
        var token = tokenElement.GetString();
        return TryParseKind(kindText, out var kind) && IsToken(token) ? new WhitelistMatch(kind, token!) : null;
    }

    public static bool IsToken(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static bool TryParseKind(string? text, out WhitelistMatchKind kind)
    {
        kind = default;
        return text is not null && !char.IsAsciiDigit(text.FirstOrDefault())
            && Enum.TryParse(text, ignoreCase: false, out kind) && Enum.IsDefined(kind);
    }

    private static WhitelistMatch? Match(JsonFields fields)
    {
        var kind = fields.Enum<WhitelistMatchKind>("matchKind");

        // The token is a pseudonymous identifier: errors describe it, never repeat it.
        var token = fields.String("matchToken", 256);
        if (token is not null && !IsToken(token))
        {
            fields.Error("matchToken", "must be 64 lower-case hex characters: HMAC-SHA256 of \"id:<ID>\" or \"phone:<11 digits>\" under the agreed matching key");
            return null;
        }

        return kind is null || token is null ? null : new WhitelistMatch(kind.Value, token);
    }

    private static YearMonth? Period(JsonFields fields, DateOnly today)
    {
        var text = fields.String("period", 7);
        if (text is null)
        {
            return null;
        }

        if (text.Length != 7 || !YearMonth.TryParse(text, out var period))
        {
            fields.Error("period", "must be a month as yyyy-MM");
            return null;
        }

        var current = YearMonth.From(today);
        var earliest = current.AddMonths(-MaxPeriodAgeMonths);
        if (period < earliest || period > current)
        {
            fields.Error("period", string.Create(CultureInfo.InvariantCulture, $"must be between {earliest} and the current month ({current})"));
            return null;
        }

        return period;
    }

    private static List<SceneActivity>? Scenes(JsonElement data, JsonFields fields, ValidationErrors errors)
    {
        if (fields.Child("scenes") is null)
        {
            return null;
        }

        var scenesPath = fields.At("scenes");
        var scenes = new List<SceneActivity>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var property in data.GetProperty("scenes").EnumerateObject())
        {
            var scenePath = $"{scenesPath}.{property.Name}";
            if (!seen.Add(property.Name))
            {
                errors.Add(scenePath, "appears more than once");
                ok = false;
                continue;
            }

            if (char.IsAsciiDigit(property.Name.FirstOrDefault()) || !Enum.TryParse<ConsumptionScene>(property.Name, ignoreCase: false, out var scene) || !Enum.IsDefined(scene))
            {
                errors.Add(scenePath, $"is not a scene; scenes are {string.Join(", ", Enum.GetNames<ConsumptionScene>())}");
                ok = false;
                continue;
            }

            if (JsonFields.Object(property.Value, scenePath, errors) is not { } activity)
            {
                ok = false;
                continue;
            }

            var orderCount = activity.Integer("orderCount", 0, MaxOrderCount);
            var bandText = activity.String("spendBand", 16);
            SpendBand? band = null;
            if (bandText is not null)
            {
                if (SpendBands.TryParse(bandText, out var parsed))
                {
                    band = parsed;
                }
                else
                {
                    activity.Error("spendBand", $"'{bandText}' is not one of {string.Join(", ", SpendBands.All)}");
                }
            }

            // No orders means no spend: anything but the lowest band contradicts the count.
            if (orderCount == 0 && band is { } b && b != SpendBand.Below1k)
            {
                activity.Error("spendBand", $"must be {SpendBand.Below1k.Label()} when orderCount is 0");
                band = null;
            }

            if (orderCount is null || band is null)
            {
                ok = false;
                continue;
            }

            scenes.Add(new SceneActivity(scene, orderCount.Value, band.Value));
        }

        if (ok && scenes.Count == 0)
        {
            errors.Add(scenesPath, "must report at least one scene");
            ok = false;
        }

        return ok ? scenes.OrderBy(s => s.Scene).ToList() : null;
    }
}
