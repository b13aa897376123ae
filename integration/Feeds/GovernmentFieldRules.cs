namespace LifeWindow.Integration.Feeds;

/// <summary>Field rules the property-registry, tax and consent parsers share, on top of <see cref="JsonFields"/>.</summary>
internal static class GovernmentFieldRules
{
    /// <summary>Whether an optional field is present (null counts as absent, as in <see cref="JsonFields"/>).</summary>
    public static bool Has(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A Unified Social Credit Code (GB 32100), normalised to upper case.</summary>
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
}
