using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LifeWindow.Domain.Identity;
using LifeWindow.Domain.Time;

namespace LifeWindow.Integration.Feeds;

/// <summary>Field rules the property-registry, tax and consent parsers share, on top of <see cref="JsonFields"/>.</summary>
internal static partial class GovernmentFieldRules
{
    /// <summary>Whether an optional field is present (null counts as absent, as in <see cref="JsonFields"/>).</summary>
    public static bool Has(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A Unified Social Credit Code (GB 32100), normalised to upper case.</summary>
    public static string? Uscc(JsonFields fields, string name)
    {
        var text = fields.String(name, 32);
        if (text is null)
        {
            return null;
        }

        if (UnifiedSocialCreditCode.TryValidate(text, out var uscc, out var error))
        {
            return uscc;
        }

        fields.Error(name, error!);
        return null;
    }

    /// <summary>A fully digitalised e-invoice (全电发票) number: exactly 20 digits.</summary>
    public static string? InvoiceNumber(JsonFields fields, string name)
    {
        var text = fields.String(name, 32);
        if (text is null)
        {
            return null;
        }

        if (text.Length == 20 && text.All(char.IsAsciiDigit))
        {
            return text;
        }

        fields.Error(name, "must be exactly 20 digits (全电发票 number)");
        return null;
    }

    /// <summary>A decimal greater than 0, at most <paramref name="max"/>, with at most <paramref name="maxScale"/> decimals.</summary>
    public static decimal? Positive(JsonFields fields, string name, decimal max, int maxScale)
    {
        var value = fields.Decimal(name, 0m, max, maxScale);
        if (value == 0m)
        {
            fields.Error(name, "must be greater than 0");
            return null;
        }

        return value;
    }

    /// <summary>
    /// An ISO 8601 date-time with an explicit offset (without one it would be read in whatever zone the
    /// server runs in) whose business date (Asia/Shanghai) is from <paramref name="earliest"/> to
    /// <paramref name="today"/>. Whole days, because parsers see the business date rather than the
    /// clock, and a partner clock running a few seconds fast must not turn a fresh record away.
    /// </summary>
    public static DateTimeOffset? Instant(JsonFields fields, string name, DateOnly earliest, DateOnly today)
    {
        var text = fields.String(name, 64);
        if (text is null)
        {
            return null;
        }

        if (!OffsetDateTime().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            fields.Error(name, "must be an ISO 8601 date-time with offset, e.g. 2026-11-05T10:00:00+08:00");
            return null;
        }

        // Checked in UTC first: converting a value near DateTime.MinValue/MaxValue to the business zone would throw.
        if (value.UtcDateTime < earliest.ToDateTime(TimeOnly.MinValue).AddDays(-1) || BusinessClock.ToBusinessDate(value) < earliest)
        {
            fields.Error(name, string.Create(CultureInfo.InvariantCulture, $"must not be before {earliest:yyyy-MM-dd}"));
            return null;
        }

        if (value.UtcDateTime > today.ToDateTime(TimeOnly.MinValue).AddDays(2) || BusinessClock.ToBusinessDate(value) > today)
        {
            fields.Error(name, string.Create(CultureInfo.InvariantCulture, $"must not be in the future (after {today:yyyy-MM-dd}, Asia/Shanghai)"));
            return null;
        }

        return value;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetDateTime();
}
