namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>Field rules shared by the bank-internal records: dates, instants, positive amounts, USCCs and codes.</summary>
internal static class BankFields
{
    /// <summary>
    /// No bank-internal record is older than this: commercial mortgages and the bank's electronic
    /// ledgers start in the early 1990s, so an earlier date is a typo, not history.
    /// </summary>
    public static readonly DateOnly EarliestDate = new(1990, 1, 1);

    /// <summary>A calendar date "yyyy-MM-dd" from <see cref="EarliestDate"/> to today (Asia/Shanghai).</summary>
    public static DateOnly? PastDate(this JsonFields fields, string name, DateOnly today, bool required = true)
    {
        var date = fields.Date(name, required);
        return date is { } value && InRange(fields, name, value, today) ? value : null;
    }

    /// <summary>
    /// A calendar date "yyyy-MM-dd" with no range of its own, for dates that may lie ahead (an expiry);
    /// the caller bounds it against the record's other fields.
    /// </summary>
    public static DateOnly? Date(this JsonFields fields, string name, bool required = true)
    {
        // Longer than a date so that a date-time sent by mistake gets the format error, not a length error.
        var text = fields.String(name, 40, required);
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            fields.Error(name, "must be a date as yyyy-MM-dd");
            return null;
        }

        return date;
    }

    /// <summary>
    /// An ISO 8601 date-time with an explicit offset (Z or ±hh:mm), whose business date is from
    /// <see cref="EarliestDate"/> to today; kept in UTC. Without an offset the instant would depend on
    /// the server's time zone, so it is refused.
    /// </summary>
    public static DateTimeOffset? PastInstant(this JsonFields fields, string name, DateOnly today) =>
        fields.OffsetInstant(name, EarliestDate, today)?.ToUniversalTime();

    /// <summary>An amount of money that actually moved: like <see cref="JsonFields.Money"/>, and more than 0.</summary>
    public static decimal? PositiveMoney(this JsonFields fields, string name)
    {
        var amount = fields.Money(name);
        if (amount == 0m)
        {
            fields.Error(name, "must be more than 0");
            return null;
        }

        return amount;
    }

    /// <summary>A short code of upper-case letters and digits (e.g. a broker's custody code).</summary>
    public static string? Code(this JsonFields fields, string name, int maxLength)
    {
        var text = fields.String(name, maxLength);
        if (text is null)
        {
            return null;
        }

        if (text.Length < 2 || !text.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
        {
            fields.Error(name, $"must be 2 to {maxLength} upper-case letters or digits");
            return null;
        }

        return text;
    }

    private static bool InRange(JsonFields fields, string name, DateOnly date, DateOnly today)
    {
        if (date < EarliestDate)
        {
            fields.Error(name, $"must not be before {EarliestDate:yyyy-MM-dd}");
            return false;
        }

        if (date > today)
        {
            fields.Error(name, $"must not be in the future (today is {today:yyyy-MM-dd}, Asia/Shanghai)");
            return false;
        }

        return true;
    }
}
