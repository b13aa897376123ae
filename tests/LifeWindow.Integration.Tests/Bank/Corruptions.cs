namespace LifeWindow.Integration.Tests.Bank;

/// <summary>One broken field: what was done to it and what the error message must say.</summary>
internal sealed record Corruption(string Field, string What, JsonNode? Value, bool Remove, string Expected)
{
    public JsonObject ApplyTo(JsonObject valid)
    {
        var json = (JsonObject)valid.DeepClone();
        if (Remove)
        {
            json.Remove(Field);
        }
        else
        {
            json[Field] = Value?.DeepClone();
        }

        return json;
    }

    public override string ToString() => $"{Field}: {What}";
}

/// <summary>Generates ways to break one field of a valid record, by the field's kind.</summary>
internal static class Corruptions
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>A valid record of the case with one of its fields broken.</summary>
    public static Gen<(ValidRecord Valid, Corruption Corruption)> Of(BankCase bankCase) =>
        bankCase.Valid.SelectMany(valid =>
            Gen.OneOf(bankCase.Fields.ToArray()).SelectMany(field =>
                For(field, valid.Json[field.Name]).Select(corruption => (valid, corruption))));

    public static Gen<Corruption> For(FieldSpec field, JsonNode? current)
    {
        var name = field.Name;
        Corruption Set(string what, JsonNode? value, string expected) => new(name, what, value, false, expected);

        var ways = new List<Gen<Corruption>>();
        if (field.Required)
        {
            ways.Add(Gen.Const(new Corruption(name, "missing", null, true, "is required")));
            ways.Add(Gen.Const(Set("null", null, "is required")));
        }

        var isText = field.Kind is FieldKind.Text or FieldKind.IdNumber or FieldKind.Phone or FieldKind.Enum or FieldKind.Date
            or FieldKind.Instant or FieldKind.Uscc or FieldKind.Code or FieldKind.Snippet or FieldKind.Grade or FieldKind.Expiry;
        if (isText)
        {
            ways.Add(Gen.OneOf<JsonNode>(JsonValue.Create(42), JsonValue.Create(true), new JsonArray(), new JsonObject())
                .Select(v => Set($"{v.GetValueKind()} instead of a string", v, "must be a string")));
            if (field.Required)
            {
                ways.Add(Gen.OneOf("", "   ").Select(v => Set("blank", v, "must not be empty")));
            }
        }

        switch (field.Kind)
        {
            case FieldKind.SchemaVersion:
            case FieldKind.Integer:
                ways.Add(Gen.OneOf<JsonNode>(JsonValue.Create("5"), JsonValue.Create(1.5m), JsonValue.Create(true), JsonValue.Create(4_000_000_000L))
                    .Select(v => Set($"{v.ToJsonString()} is not an int", v, "must be a whole number")));
                ways.Add(Gen.Int[int.MinValue, field.Min - 1].Select(v => Set("below the range", v, "must be between")));
                ways.Add(Gen.Int[field.Max + 1, int.MaxValue].Select(v => Set("above the range", v, "must be between")));
                break;
            case FieldKind.Money:
            case FieldKind.PositiveMoney:
            case FieldKind.Rate:
                ways.Add(Gen.OneOf<JsonNode>(JsonValue.Create("12.50"), JsonValue.Create(false), new JsonArray(1))
                    .Select(v => Set($"{v.ToJsonString()} is not a number", v, "must be a number")));
                ways.Add(Gen.Int[1, 1_000_000].Select(v => Set("negative", -v / 100m, "must not be negative")));
                var scale = field.Kind == FieldKind.Rate ? 4 : 2;
                ways.Add(Gen.Int[1, 9].Select(d => Set($"{scale + 1} decimals", (field.Kind == FieldKind.Rate ? 0.1m : 1234.56m) + (d / (decimal)Math.Pow(10, scale + 1)), $"at most {scale} decimal places")));
                ways.Add(field.Kind == FieldKind.Rate
                    ? Gen.Int[2001, 100_000].Select(bp => Set("too high a rate", bp / 10_000m, "must be at most 0.2"))
                    : Gen.Long[1_000_000_000_001, 9_000_000_000_000].Select(v => Set("too much", (decimal)v, "must be at most")));
                if (field.Kind == FieldKind.PositiveMoney)
                {
                    ways.Add(Gen.OneOf(0m, 0.00m).Select(v => Set("zero", v, "must be more than 0")));
                }

                break;
            case FieldKind.Text:
                ways.Add(Gen.Int[65, 200].Select(n => Set("too long", new string('A', n), "must be at most 64 characters")));
                break;
            case FieldKind.IdNumber:
                var id = current!.GetValue<string>().ToUpperInvariant();
                ways.Add(Gen.Char["0123456789X"].Where(c => c != id[17]).Select(c => Set("wrong check character", id[..17] + c, "check character does not match")));
                ways.Add(Gen.OneOf("13", "00").Select(month => Set("impossible birth month", WithCheck(id[..10] + month + id[12..17]), "birth date")));
                ways.Add(Gen.Int[Dates.Today.Year + 1, 2099].Select(year => Set("born in the future", WithCheck(id[..6] + year.ToString(Invariant) + id[10..17]), "birth date")));
                ways.Add(Gen.Int[1, 17].Select(n => Set("too short", id[..n], "must be 18 characters")));
                ways.Add(Gen.Int[0, 16].Select(i => Set("a letter inside", id[..i] + "A" + id[(i + 1)..], "the first 17 characters must be digits")));
                break;
            case FieldKind.Phone:
                ways.Add(Gen.OneOf("1381234567", "23812345678", "138123456789", "138abcd5678", "").Select(v => Set($"'{v}' is no mobile number", v, "11-digit mainland mobile number")));
                ways.Add(Gen.Const(Set("too long", new string('1', 21), "must be at most 20 characters")));
                break;
            case FieldKind.Enum:
                var names = field.Names!;
                ways.Add(Gen.String[Gen.Char['A', 'z'], 1, 20].Where(s => !names.Contains(s, StringComparer.Ordinal) && !char.IsAsciiDigit(s[0]) && s.Trim().Length > 0)
                    .Select(v => Set($"unknown '{v}'", v, "is not one of " + string.Join(", ", names))));
                ways.Add(Gen.OneOf(names).Select(v => Set("lower case", v.ToLowerInvariant(), "is not one of")));
                ways.Add(Gen.OneOf("0", "1", "99").Select(v => Set("a number as text", v, "is not one of")));
                break;
            case FieldKind.Date:
                ways.Add(Gen.Int[1, 400].Select(d => Set("in the future", Dates.Today.AddDays(d).ToString("yyyy-MM-dd", Invariant), "must not be in the future")));
                ways.Add(Gen.Int[1, 365 * 90].Select(d => Set("too early", BankDates.Earliest.AddDays(-d).ToString("yyyy-MM-dd", Invariant), "must not be before 1990-01-01")));
                ways.Add(Gen.OneOf("2026/11/01", "20261101", "2026-11-1", "2026-02-30", "2026-13-01", "01-11-2026", "2026-11-01T00:00:00+08:00", "yesterday")
                    .Select(v => Set($"'{v}' is no date", v, "must be a date as yyyy-MM-dd")));
                break;
            case FieldKind.Expiry:
                // The record's assessedAt lies from 1990-01-01 to today, so these are out of range whatever it is.
                ways.Add(Gen.Int[1, 365 * 90].Select(d => Set("before the assessment", BankDates.Earliest.AddDays(-d).ToString("yyyy-MM-dd", Invariant), "must not be before the date of assessedAt")));
                ways.Add(Gen.Int[1, 365 * 100].Select(d => Set("too far ahead", Dates.Today.AddYears(5).AddDays(d).ToString("yyyy-MM-dd", Invariant), "must be at most 5 years after the date of assessedAt")));
                ways.Add(Gen.Const(Set("never expires", "9999-12-31", "must be at most 5 years after the date of assessedAt")));
                ways.Add(Gen.OneOf("2027/11/01", "20271101", "2027-11-1", "2027-02-30", "2027-13-01", "01-11-2027", "2027-11-01T00:00:00+08:00", "next year")
                    .Select(v => Set($"'{v}' is no date", v, "must be a date as yyyy-MM-dd")));
                break;
            case FieldKind.Grade:
                ways.Add(Gen.OneOf("C0", "C6", "C10", "c3", "C 3", " C3", "C3 ", "3", "R3", "CC", "保守型", "Conservative", "Balanced", "C1, C2")
                    .Select(v => Set($"'{v}' is no grade", v, "is not one of C1, C2, C3, C4, C5")));
                // Letters only (no digit), so never a grade.
                ways.Add(Gen.String[Gen.Char['A', 'z'], 1, 20].Where(s => s.Trim().Length > 0)
                    .Select(v => Set($"unknown '{v}'", v, "is not one of C1, C2, C3, C4, C5")));
                break;
            case FieldKind.Instant:
                ways.Add(Gen.OneOf("2026-11-01T10:00:00", "2026-11-01", "2026-11-01 10:00:00+08:00", "2026-11-01T10:00:00+25:00", "2026-11-01t10:00:00z", "yesterday", "1730000000")
                    .Select(v => Set($"'{v}' is no date-time with offset", v, "ISO 8601 date-time with offset")));
                ways.Add(Gen.Int[2, 400].Select(d => Set("in the future", Dates.Today.AddDays(d).ToString("yyyy-MM-dd", Invariant) + "T09:00:00+08:00", "must not be in the future")));
                ways.Add(Gen.Const(Set("at the end of time", "9999-12-31T23:59:59Z", "must not be in the future")));
                ways.Add(Gen.OneOf("1989-12-31T15:59:59Z", "0001-01-01T00:00:00Z", "1900-06-01T12:00:00+08:00")
                    .Select(v => Set("too early", v, "must not be before 1990-01-01")));
                break;
            case FieldKind.Uscc:
                var uscc = current!.GetValue<string>().ToUpperInvariant();
                ways.Add(Gen.Char[UsccAlphabet].Where(c => c != uscc[17]).Select(c => Set("wrong check character", uscc[..17] + c, "check character does not match")));
                ways.Add(Gen.Int[0, 16].SelectMany(i => Gen.OneOf('I', 'O', 'Z', 'S', 'V', '-').Select(c => Set($"'{c}' inside", uscc[..i] + c + uscc[(i + 1)..], "is not allowed"))));
                ways.Add(Gen.Int[1, 17].Select(n => Set("too short", uscc[..n], "must be 18 characters")));
                break;
            case FieldKind.Code:
                ways.Add(Gen.OneOf("abc1", "A", "AB-12", "A B", "券商").Select(v => Set($"'{v}' is no code", v, "upper-case letters or digits")));
                ways.Add(Gen.Int[field.Max + 1, 40].Select(n => Set("too long", new string('A', n), $"must be at most {field.Max} characters")));
                break;
            case FieldKind.Snippet:
                ways.Add(Gen.Int[2001, 3000].Select(n => Set("too long", new string('话', n), "must be at most 2000 characters")));
                break;
        }

        return Gen.OneOf(ways.ToArray());
    }

    private static string WithCheck(string first17) => first17 + ResidentIdNumber.CheckCharacter(first17);

    private static class Dates
    {
        public static readonly DateOnly Today = TestData.Today;
    }
}
