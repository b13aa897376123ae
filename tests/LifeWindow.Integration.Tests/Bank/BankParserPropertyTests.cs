namespace LifeWindow.Integration.Tests.Bank;

/// <summary>
/// Property-based tests for every bank parser: generated valid records parse to the expected canonical
/// record and survive the stream's JSON; one broken field is rejected at its path with the rule it
/// breaks; arbitrary JSON never makes a parser throw. Iterations are modest: the build machine is shared.
/// </summary>
public class BankParserPropertyTests
{
    private const int Iterations = 150;

    public static TheoryData<string> Cases => BankCases.Names();

    internal static (FeedRecord? Record, ValidationErrors Errors) Parse(IFeedParser parser, JsonNode? data)
    {
        var errors = new ValidationErrors();
        using var doc = JsonDocument.Parse(data?.ToJsonString() ?? "null");
        var record = parser.Parse(doc.RootElement, "data", new FeedParseContext(BankCases.Today, BankCases.Tokenizer, BankCases.EvidenceHash), errors);
        return (record, errors);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_GeneratedValidRecord_GivesTheExpectedCanonicalRecordThatRoundTripsWithoutRawIdentifiers(string name)
    {
        var bankCase = BankCases.All[name];
        bankCase.Valid.Sample(valid =>
        {
            var (record, errors) = Parse(bankCase.Parser, valid.Json);

            Assert.False(errors.Any, errors.ToString());
            Assert.Equal(valid.Expected, record);

            var onTheStream = FeedMessageJson.Serialize(new FeedMessage("bank", "core_banking", "msg", DateTimeOffset.UnixEpoch, record!));
            Assert.Equal(record, FeedMessageJson.Deserialize(onTheStream).Record);
            Assert.DoesNotContain(valid.RawId[..17], onTheStream, StringComparison.Ordinal);
            if (valid.RawPhone is { } phone)
            {
                Assert.DoesNotContain(phone, onTheStream, StringComparison.Ordinal);
            }
        }, iter: Iterations, threads: 1);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_OneFieldBroken_IsRejectedAtThatFieldWithTheRuleItBreaks(string name)
    {
        var bankCase = BankCases.All[name];
        Corruptions.Of(bankCase).Sample((valid, corruption) =>
        {
            var (record, errors) = Parse(bankCase.Parser, corruption.ApplyTo(valid.Json));

            Assert.Null(record);
            var byPath = errors.ToDictionary();
            var path = "data." + corruption.Field;
            Assert.True(byPath.Keys.SequenceEqual([path]), $"{corruption}: expected an error at {path} only, got {errors}");
            Assert.Contains(byPath[path], m => m.Contains(corruption.Expected, StringComparison.Ordinal));
            Assert.DoesNotContain(valid.RawId[..17], errors.ToString(), StringComparison.Ordinal);
        }, iter: Iterations * 2, threads: 1);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_AnyJsonInAnyField_NeverThrowsAndRejectsExactlyWhenItReportsAnError(string name)
    {
        var bankCase = BankCases.All[name];
        var fieldNames = bankCase.Fields.Select(f => f.Name).Append("unexpected").ToArray();
        Gen.Select(bankCase.Valid, Gen.OneOf(fieldNames), AnyJson.Values).Sample((valid, field, junk) =>
        {
            var json = (JsonObject)valid.Json.DeepClone();
            json[field] = junk?.DeepClone();

            var (record, errors) = Parse(bankCase.Parser, json);

            Assert.Equal(record is null, errors.Any);
        }, iter: Iterations, threads: 1);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_NotAnObject_IsRejectedAtData(string name)
    {
        var parser = BankCases.All[name].Parser;
        foreach (var data in new JsonNode?[] { null, JsonValue.Create("hello"), JsonValue.Create(1), new JsonArray(new JsonObject()) })
        {
            var (record, errors) = Parse(parser, data);
            Assert.Null(record);
            Assert.Equal(["data"], errors.ToDictionary().Keys);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_EmptyObject_ReportsEveryRequiredField(string name)
    {
        var bankCase = BankCases.All[name];

        var (record, errors) = Parse(bankCase.Parser, new JsonObject());

        Assert.Null(record);
        Assert.Equal(
            bankCase.Fields.Where(f => f.Required).Select(f => "data." + f.Name).Order(StringComparer.Ordinal),
            errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}

/// <summary>Arbitrary JSON values, with the edges that break naive parsing (huge numbers, the ends of the calendar).</summary>
internal static class AnyJson
{
    private static readonly string[] Edges =
    [
        "0", "-0", "1e400", "-1e400", "1e-400", "79228162514264337593543950336", "-79228162514264337593543950336",
        "0.0000000000000000000000000001", "1.5", "2147483648", "-2147483649", "12345678901234567890", "true", "false", "null",
        "\"\"", "\" \"", "\"\\u0000\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59-14:00\"",
        "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31\"", "\"0001-01-01\"", "\"X\"", "\"x\"", "\"+86\"", "\"Active, PaidOff\"", " \"In\" ",
        "[]", "{}", "[null]", "{\"a\":{\"b\":[1,2,3]}}",
    ];

    public static readonly Gen<JsonNode?> Values = Gen.OneOf(
        Gen.OneOf(Edges).Select(text => JsonNode.Parse(text)),
        Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n)),
        Gen.Decimal.Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)));
}
