namespace LifeWindow.Integration.Feeds;

/// <summary>
/// Reads fields of a JSON object one by one, recording a precise error (path and rule) for each bad
/// field instead of stopping at the first, so a partner sees everything wrong with a record at once.
/// </summary>
public readonly partial struct JsonFields(JsonElement element, string path, ValidationErrors errors)
{
    /// <summary>No partner timestamp predates the project's oldest feed data (the provident fund sends from 2000).</summary>
    private static readonly DateOnly EarliestTimestamp = new(2000, 1, 1);

    public string Path => path;

    public static JsonFields? Object(JsonElement element, string path, ValidationErrors errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "must be a JSON object");
            return null;
        }

        return new JsonFields(element, path, errors);
    }

    public string At(string name) => $"{path}.{name}";

    public void Error(string name, string message) => errors.Add(At(name), message);

    /// <summary>Whether the object gives the field at all (a null included): for fields that may be left out.</summary>
    public bool Has(string name) => element.TryGetProperty(name, out _);

    public JsonFields? Child(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return Object(value, At(name), errors);
    }

    public string? String(string name, int maxLength = 256, bool required = true)
    {
        if (!TryGet(name, out var value, required))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, "must be a string");
            return null;
        }

        if (!JsonText.TryGetString(value, out var text))
        {
            Error(name, JsonText.NotText);
            return null;
        }

        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(name, "must not be empty");
            return null;
        }

        if (text.Length > maxLength)
        {
            Error(name, $"must be at most {maxLength} characters");
            return null;
        }

        return text;
    }

    public int? Integer(string name, int min, int max)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Error(name, "must be a whole number");
            return null;
        }

        if (number < min || number > max)
        {
            Error(name, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
            return null;
        }

        return number;
    }

    /// <summary>A CNY amount: a JSON number, not negative, at most 2 decimal places.</summary>
    public decimal? Money(string name) => Decimal(name, 0m, 1_000_000_000_000m, maxScale: 2);

    public decimal? Decimal(string name, decimal min, decimal max, int maxScale)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            Error(name, "must be a number");
            return null;
        }

        if (number < min)
        {
            Error(name, min == 0 ? "must not be negative" : string.Create(CultureInfo.InvariantCulture, $"must be at least {min}"));
            return null;
        }

        if (number > max)
        {
            Error(name, string.Create(CultureInfo.InvariantCulture, $"must be at most {max}"));
            return null;
        }

        if (number.Scale > maxScale && number != Math.Round(number, maxScale))
        {
            Error(name, $"must have at most {maxScale} decimal places");
            return null;
        }

        return number;
    }

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, System.Enum
    {
        var text = String(name, 64);
        if (text is null)
        {
            return null;
        }

        // Exactly a name: Enum.TryParse would also take " Active", "1" and "Active, PaidOff" (flags, read as PaidOff).
        if (EnumNames<TEnum>.Values.TryGetValue(text, out var value))
        {
            return value;
        }

        // Echo what was sent only if it cannot be a misplaced identifier (errors are logged and returned).
        var sent = text.Length <= 32 && !text.Any(char.IsAsciiDigit) ? $"'{text}' " : string.Empty;
        Error(name, $"{sent}is not one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");
        return null;
    }

    /// <summary>
    /// An ISO 8601 date-time with an explicit offset, from 2000-01-01 to a day after <paramref name="today"/>
    /// (business date, from the parse context's clock): a partner's clock may run ahead, a year 9999 or 1970 is a bug.
    /// </summary>
    public DateTimeOffset? Timestamp(string name, bool required, DateOnly today) =>
        Instant(name, required, EarliestTimestamp, today.AddDays(1), $"must not be after {today.AddDays(1):yyyy-MM-dd} (Asia/Shanghai)");


    /// <summary>A Unified Social Credit Code (GB 32100), normalised to upper case.</summary>
    public string? Uscc(string name)
    {
        var text = String(name, 32);
        if (text is null)
        {
            return null;
        }

        if (UnifiedSocialCreditCode.TryValidate(text, out var uscc, out var error))
        {
            return uscc;
        }

        Error(name, error!);
        return null;
    }

    /// <summary>
    /// An ISO 8601 date-time with an explicit offset (without one it would be read in whatever zone the
    /// server runs in) whose business date (Asia/Shanghai) is from <paramref name="earliest"/> to
    /// <paramref name="today"/>. Whole days, because parsers see the business date rather than the
    /// clock, and a partner clock running a few seconds fast must not turn a fresh record away.
    /// </summary>
    public DateTimeOffset? OffsetInstant(string name, DateOnly earliest, DateOnly today) =>
        Instant(name, required: true, earliest, today, $"must not be in the future (today is {today:yyyy-MM-dd}, Asia/Shanghai)");

    private DateTimeOffset? Instant(string name, bool required, DateOnly earliest, DateOnly latest, string tooLate)
    {
        var text = String(name, 64, required);
        if (text is null)
        {
            return null;
        }

        if (!OffsetDateTime().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            Error(name, "must be an ISO 8601 date-time with offset, e.g. 2026-11-05T10:00:00+08:00");
            return null;
        }

        // Checked in UTC first: converting a value near DateTime.MinValue/MaxValue to the business zone would throw.
        if (value.UtcDateTime < earliest.ToDateTime(TimeOnly.MinValue).AddDays(-1) || BusinessClock.ToBusinessDate(value) < earliest)
        {
            Error(name, string.Create(CultureInfo.InvariantCulture, $"must not be before {earliest:yyyy-MM-dd}"));
            return null;
        }

        if (value.UtcDateTime > latest.ToDateTime(TimeOnly.MinValue).AddDays(2) || BusinessClock.ToBusinessDate(value) > latest)
        {
            Error(name, tooLate);
            return null;
        }

        return value;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetDateTime();

    private bool TryGet(string name, out JsonElement value, bool required = true)
    {
        if (element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        if (required)
        {
            Error(name, "is required");
        }

        return false;
    }

    /// <summary>An enum's names and values, read once per type (<c>Enum.GetNames</c> allocates its array on every call).</summary>
    private static class EnumNames<TEnum>
        where TEnum : struct, System.Enum
    {
        public static readonly System.Collections.Frozen.FrozenDictionary<string, TEnum> Values =
            System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(System.Enum.GetNames<TEnum>(), name => name, System.Enum.Parse<TEnum>, StringComparer.Ordinal);
    }
}
