namespace LifeWindow.Integration.Tests.GovernmentFeeds;

/// <summary>Generators of valid field values and the parse/compare helpers the parser property tests share.</summary>
internal static class FeedGen
{
    /// <summary>Modest on purpose: the build machine is shared.</summary>
    public const int Iterations = 150;

    public const string UsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static readonly CustomerKeyTokenizer Tokenizer = TestData.Tokenizer();

    private static readonly string[] Regions = ["310104", "310115", "110105", "440305", "320102", "510107"];

    /// <summary>A resident ID number with a correct check character, sometimes with a lower-case 'x'.</summary>
    public static readonly Gen<string> IdNumber = Gen.Select(
        Gen.OneOf(Regions), Gen.Int[0, 24000], Gen.Int[0, 999], Gen.Bool,
        (region, days, sequence, lower) =>
        {
            var first17 = string.Create(CultureInfo.InvariantCulture, $"{region}{new DateOnly(1940, 1, 1).AddDays(days):yyyyMMdd}{sequence:D3}");
            var id = first17 + ResidentIdNumber.CheckCharacter(first17);
            return lower ? id.ToLowerInvariant() : id;
        });

    /// <summary>A USCC with a correct GB 32100 check character, sometimes in lower case.</summary>
    public static readonly Gen<string> Uscc = Gen.Select(Gen.Char[UsccAlphabet].Array[17], Gen.Bool, (chars, lower) =>
    {
        var first17 = new string(chars);
        var code = first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
        return lower ? code.ToLowerInvariant() : code;
    });

    /// <summary>CNY with exactly 2 decimals, from 0 to 1,000,000,000.00.</summary>
    public static readonly Gen<decimal> Money = Gen.Long[0, 100_000_000_000L].Select(fen => fen / 100m);

    public static readonly Gen<decimal> PositiveMoney = Gen.Long[1, 100_000_000_000L].Select(fen => fen / 100m);

    public static readonly Gen<string> RecordId = Gen.Select(Gen.OneOf("REC", "BDC-310000", "TAX-2026", "CS"), Gen.Int[0, 99_999_999], (p, n) => string.Create(CultureInfo.InvariantCulture, $"{p}-{n:D8}"));

    /// <summary>An instant strictly inside [earliest, latest] business dates, written with one of several offsets.</summary>
    public static Gen<(DateTimeOffset Value, string Text)> Instant(DateOnly earliest, DateOnly latest)
    {
        var from = new DateTimeOffset(earliest.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).UtcTicks / TimeSpan.TicksPerSecond;
        var to = new DateTimeOffset(latest.AddDays(-2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).UtcTicks / TimeSpan.TicksPerSecond;
        return Gen.Select(Gen.Long[from, to], Gen.Int[0, 4], (seconds, zone) =>
        {
            var utc = new DateTimeOffset(seconds * TimeSpan.TicksPerSecond, TimeSpan.Zero);
            var offset = zone switch { 0 or 1 => TimeSpan.Zero, 2 => TimeSpan.FromHours(8), 3 => TimeSpan.FromHours(-5), _ => new TimeSpan(5, 30, 0) };
            var value = utc.ToOffset(offset);
            var text = zone == 0
                ? value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            return (value, text);
        });
    }

    public static ResidentIdNumber ParseId(string id)
    {
        Assert.True(ResidentIdNumber.TryParse(id, TestData.Today, out var parsed, out var error), error);
        return parsed!;
    }

    public static string CustomerKey(string id) => Tokenizer.CustomerKey(ParseId(id));

    public static PersonFacts Person(string id) => Tokenizer.PersonFacts(ParseId(id), TestData.Today);

    /// <summary>A record's common part as the parser's header stamps it: the record id, the person the id number tokenizes to, the evidence hash.</summary>
    public static FeedRecord WithHeader(FeedRecord record, string recordId, string idNumber) => record with
    {
        RecordId = recordId,
        CustomerKey = CustomerKey(idNumber),
        Person = Person(idNumber),
        EvidenceHash = "evidence-hash",
    };

    public static (FeedRecord? Record, ValidationErrors Errors) Parse(IFeedParser parser, JsonNode? data)
    {
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(data?.ToJsonString() ?? "null");
        var record = parser.Parse(document.RootElement, "data", new FeedParseContext(TestData.Today, Tokenizer, "evidence-hash"), errors);
        return (record, errors);
    }

    /// <summary>
    /// The parsed record equals the expected canonical one field for field (compared as JSON, which
    /// also covers lists), survives the trip over the feed stream, and carries no raw ID number.
    /// </summary>
    public static void AssertCanonical(FeedRecord expected, FeedRecord? actual, ValidationErrors errors, params string[] rawIds)
    {
        Assert.False(errors.Any, errors.ToString());
        Assert.NotNull(actual);
        var actualJson = JsonSerializer.Serialize(actual, LifeWindowJson.Options);
        Assert.Equal(JsonSerializer.Serialize(expected, LifeWindowJson.Options), actualJson);

        var onTheStream = FeedMessageJson.Serialize(new FeedMessage("feed", "partner", "delivery", DateTimeOffset.UnixEpoch, actual));
        var back = FeedMessageJson.Deserialize(onTheStream).Record;
        Assert.Equal(actual.GetType(), back.GetType());
        Assert.Equal(actualJson, JsonSerializer.Serialize(back, LifeWindowJson.Options));
        foreach (var id in rawIds)
        {
            Assert.DoesNotContain(id.ToUpperInvariant()[..17], onTheStream, StringComparison.Ordinal);
        }
    }
}
