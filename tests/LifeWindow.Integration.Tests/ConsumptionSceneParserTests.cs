using LifeWindow.Integration.Feeds.ConsumptionScenes;

namespace LifeWindow.Integration.Tests;

public class ConsumptionSceneParserTests
{
    /// <summary>A whitelist row as a platform would produce it.</summary>
    public sealed record Row(string RecordId, YearMonth Period, WhitelistMatchKind Kind, string Token, IReadOnlyList<SceneActivity> Scenes)
    {
        public JsonObject ToJson()
        {
            var scenes = new JsonObject();
            foreach (var s in Scenes)
            {
                scenes[s.Scene.ToString()] = new JsonObject { ["orderCount"] = s.OrderCount, ["spendBand"] = s.SpendBand.Label() };
            }

            return new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = RecordId,
                ["period"] = Period.ToString(),
                ["matchKind"] = Kind.ToString(),
                ["matchToken"] = Token,
                ["scenes"] = scenes,
            };
        }

        public string ToCsv(IReadOnlyList<string> columns) => string.Join(",", columns.Select(c => CsvWhitelistLayout.Quote(Cell(c))));

        private string Cell(string column)
        {
            switch (column)
            {
                case "recordId": return RecordId;
                case "period": return Period.ToString();
                case "matchKind": return Kind.ToString();
                case "matchToken": return Token;
            }

            var (scene, field) = (column[..column.IndexOf('.', StringComparison.Ordinal)], column[(column.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            var activity = Scenes.FirstOrDefault(s => s.Scene.ToString() == scene);
            return activity is null ? string.Empty : field == "orderCount" ? activity.OrderCount.ToString(System.Globalization.CultureInfo.InvariantCulture) : activity.SpendBand.Label();
        }
    }

    private static readonly YearMonth Current = YearMonth.From(TestData.Today);

    private static readonly Gen<string> TokenGen = Gen.Char["0123456789abcdef"].Array[64].Select(c => new string(c));

    private static readonly Gen<(int Orders, SpendBand Band)> ActivityGen =
        Gen.Select(Gen.Int[0, ConsumptionSceneParser.MaxOrderCount], Gen.Enum<SpendBand>(), (n, b) => (n, n == 0 ? SpendBand.Below1k : b));

    private static readonly Gen<List<SceneActivity>> ScenesGen = Gen.Select(
        Gen.Bool.Array[7], Gen.Int[0, 6], ActivityGen.Array[7],
        (mask, forced, activities) => Enumerable.Range(0, 7)
            .Where(i => mask[i] || i == forced)
            .Select(i => new SceneActivity((ConsumptionScene)i, activities[i].Orders, activities[i].Band))
            .ToList());

    public static readonly Gen<Row> RowGen = Gen.Select(
        Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_,\"美团"].Array[1, 64].Select(c => new string(c)),
        Gen.Int[0, ConsumptionSceneParser.MaxPeriodAgeMonths].Select(back => Current.AddMonths(-back)),
        Gen.Enum<WhitelistMatchKind>(),
        TokenGen,
        ScenesGen,
        (id, period, kind, token, scenes) => new Row(id, period, kind, token, scenes));

    private static (FeedRecord? Record, ValidationErrors Errors) Parse(JsonNode data) => Parse(data.ToJsonString());

    private static (FeedRecord? Record, ValidationErrors Errors) Parse(string json)
    {
        var errors = new ValidationErrors();
        using var doc = JsonDocument.Parse(json);
        var record = new ConsumptionSceneParser().Parse(doc.RootElement, "data", new FeedParseContext(TestData.Today, TestData.Tokenizer(), "evidence-hash"), errors);
        return (record, errors);
    }

    private static void AssertIsRow(Row row, FeedRecord? parsed, ValidationErrors errors)
    {
        Assert.False(errors.Any, errors.ToString());
        var record = Assert.IsType<ConsumptionSceneRecord>(parsed);
        Assert.Equal(row.RecordId, record.RecordId);
        Assert.Equal(row.Period, record.Period);
        Assert.Equal(row.Scenes.OrderBy(s => s.Scene), record.Scenes);
        Assert.Equal(new WhitelistMatch(row.Kind, row.Token), record.PendingMatch);
        Assert.Equal(ConsumptionSceneRecord.UnresolvedCustomerKey, record.CustomerKey);
        Assert.Equal("evidence-hash", record.EvidenceHash);
    }

    [Fact]
    public void Parse_AnyValidRow_RoundTrips() =>
        RowGen.Sample(row =>
        {
            var (record, errors) = Parse(row.ToJson());
            AssertIsRow(row, record, errors);
        });

    [Fact]
    public void Parse_AnyValidRowAsCsv_IsTheSameRecordAsItsJson() =>
        RowGen.Sample(row =>
        {
            var columns = CsvWhitelistLayout.AllColumns;
            var layout = CsvWhitelistLayout.FromHeader(Encoding.UTF8.GetBytes(string.Join(",", columns)), out var headerError);
            Assert.NotNull(layout);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Assert.True(layout.TryWriteRecord(Encoding.UTF8.GetBytes(row.ToCsv(columns)), writer, out var error), error);
            }

            var (record, errors) = Parse(Encoding.UTF8.GetString(buffer.WrittenSpan));
            AssertIsRow(row, record, errors);
        });

    [Fact]
    public void Completed_ValidRow_CrossesTheStreamWithoutItsToken() =>
        RowGen.Sample(row =>
        {
            var (parsed, _) = Parse(row.ToJson());
            var record = (ConsumptionSceneRecord)parsed! with { CustomerKey = "k1-customer", PendingMatch = null };

            var onTheStream = FeedMessageJson.Serialize(new FeedMessage("consumption-scenes", "meituan", "file.csv", DateTimeOffset.UnixEpoch, record));

            Assert.DoesNotContain(row.Token, onTheStream, StringComparison.Ordinal);
            Assert.Equal(record, FeedMessageJson.Deserialize(onTheStream).Record);
        });

    /// <summary>One way to break a valid row, and the path whose error must name it.</summary>
    private sealed record Corruption(string Name, Func<JsonObject, Row, int, string> Apply)
    {
        public override string ToString() => Name;
    }

    private static JsonObject SceneOf(JsonObject data, Row row) => (JsonObject)data["scenes"]![row.Scenes[0].Scene.ToString()]!;

    private static string ScenePath(Row row, string field) => $"data.scenes.{row.Scenes[0].Scene}.{field}";

    private static readonly Corruption[] Corruptions =
    [
        new("recordId missing", (d, _, _) => { d.Remove("recordId"); return "data.recordId"; }),
        new("recordId too long", (d, _, n) => { d["recordId"] = new string('R', 65 + n); return "data.recordId"; }),
        new("recordId a number", (d, _, n) => { d["recordId"] = n; return "data.recordId"; }),
        new("schemaVersion 2", (d, _, n) => { d["schemaVersion"] = 2 + n; return "data.schemaVersion"; }),
        new("schemaVersion text", (d, _, _) => { d["schemaVersion"] = "1"; return "data.schemaVersion"; }),
        new("period not a month", (d, _, n) => { d["period"] = $"2026-{13 + n}"; return "data.period"; }),
        new("period short form", (d, r, _) => { d["period"] = r.Period.ToString()[2..]; return "data.period"; }),
        new("period in the future", (d, _, n) => { d["period"] = Current.AddMonths(1 + n).ToString(); return "data.period"; }),
        new("period too old", (d, _, n) => { d["period"] = Current.AddMonths(-ConsumptionSceneParser.MaxPeriodAgeMonths - 1 - n).ToString(); return "data.period"; }),
        new("matchKind unknown", (d, _, _) => { d["matchKind"] = "Email"; return "data.matchKind"; }),
        new("matchKind lower case", (d, r, _) => { d["matchKind"] = r.Kind.ToString().ToLowerInvariant(); return "data.matchKind"; }),
        new("matchKind a number", (d, _, n) => { d["matchKind"] = (n % 2).ToString(System.Globalization.CultureInfo.InvariantCulture); return "data.matchKind"; }),
        new("matchToken upper case", (d, r, _) => { d["matchToken"] = r.Token.ToUpperInvariant() is var u && u != r.Token ? u : "A" + r.Token[1..]; return "data.matchToken"; }),
        new("matchToken short", (d, r, n) => { d["matchToken"] = r.Token[..(63 - (n % 63))]; return "data.matchToken"; }),
        new("matchToken long", (d, r, n) => { d["matchToken"] = r.Token + new string('a', 1 + n); return "data.matchToken"; }),
        new("matchToken not hex", (d, r, n) => { d["matchToken"] = r.Token[..(n % 64)] + "g" + r.Token[((n % 64) + 1)..]; return "data.matchToken"; }),
        new("matchToken missing", (d, _, _) => { d.Remove("matchToken"); return "data.matchToken"; }),
        new("scenes empty", (d, _, _) => { d["scenes"] = new JsonObject(); return "data.scenes"; }),
        new("scenes an array", (d, _, _) => { d["scenes"] = new JsonArray(); return "data.scenes"; }),
        new("scene unknown", (d, _, n) => { ((JsonObject)d["scenes"]!)[$"Shopping{n}"] = new JsonObject { ["orderCount"] = 1, ["spendBand"] = "<1k" }; return $"data.scenes.Shopping{n}"; }),
        new("scene lower case", (d, _, _) => { ((JsonObject)d["scenes"]!)["travelx"] = new JsonObject { ["orderCount"] = 1, ["spendBand"] = "<1k" }; return "data.scenes.travelx"; }),
        new("scene not an object", (d, r, n) => { ((JsonObject)d["scenes"]!)[r.Scenes[0].Scene.ToString()] = n; return $"data.scenes.{r.Scenes[0].Scene}"; }),
        new("orderCount negative", (d, r, n) => { SceneOf(d, r)["orderCount"] = -1 - n; return ScenePath(r, "orderCount"); }),
        new("orderCount too many", (d, r, n) => { SceneOf(d, r)["orderCount"] = ConsumptionSceneParser.MaxOrderCount + 1 + n; return ScenePath(r, "orderCount"); }),
        new("orderCount a fraction", (d, r, n) => { SceneOf(d, r)["orderCount"] = n + 0.5m; return ScenePath(r, "orderCount"); }),
        new("orderCount text", (d, r, n) => { SceneOf(d, r)["orderCount"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture); return ScenePath(r, "orderCount"); }),
        new("orderCount missing", (d, r, _) => { SceneOf(d, r).Remove("orderCount"); return ScenePath(r, "orderCount"); }),
        new("spendBand unknown", (d, r, n) => { SceneOf(d, r)["spendBand"] = $"{n}k-{n + 1}k"; return ScenePath(r, "spendBand"); }),
        new("spendBand missing", (d, r, _) => { SceneOf(d, r).Remove("spendBand"); return ScenePath(r, "spendBand"); }),
        new("spend without orders", (d, r, n) => { SceneOf(d, r)["orderCount"] = 0; SceneOf(d, r)["spendBand"] = SpendBands.All[1 + (n % 3)]; return ScenePath(r, "spendBand"); }),
    ];

    [Fact]
    public void Parse_AnyCorruptedRow_IsRejectedNamingTheField() =>
        Gen.Select(RowGen, Gen.Int[0, Corruptions.Length - 1], Gen.Int[0, 1000]).Sample((row, which, n) =>
        {
            var data = row.ToJson();
            var path = Corruptions[which].Apply(data, row, n);

            var (record, errors) = Parse(data);

            Assert.Null(record);
            Assert.True(errors.ToDictionary().ContainsKey(path), $"{Corruptions[which]}: expected an error at {path}, got {errors}");
            Assert.DoesNotContain(row.Token, errors.ToString(), StringComparison.Ordinal);
        });

    private static readonly Gen<JsonNode?> AnyJson = Gen.OneOf<JsonNode?>(
        Gen.Const((JsonNode?)null),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Double.Where(double.IsFinite).Select(x => (JsonNode?)JsonValue.Create(x)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Const(() => (JsonNode?)new JsonArray(1, "x")),
        Gen.String.Select(s => (JsonNode?)new JsonObject { [s] = 1 }));

    [Fact]
    public void Parse_AnyValueInAnyField_NeverThrows() =>
        Gen.Select(RowGen, Gen.Int[0, 9], AnyJson).Sample((row, field, value) =>
        {
            var data = row.ToJson();
            var scene = SceneOf(data, row);
            (field switch
            {
                < 6 => (Action)(() => data[data.ElementAt(field).Key] = value?.DeepClone()),
                6 => () => scene["orderCount"] = value?.DeepClone(),
                7 => () => scene["spendBand"] = value?.DeepClone(),
                8 => () => data["scenes"]![row.Scenes[0].Scene.ToString()] = value?.DeepClone(),
                _ => () => { },
            })();

            var (record, errors) = Parse(data);

            Assert.True(record is null == errors.Any, errors.ToString());
            Assert.All(errors.ToDictionary().Keys, k => Assert.StartsWith("data", k, StringComparison.Ordinal));
        });

    [Fact]
    public void Parse_NotAnObject_IsRejected()
    {
        var (record, errors) = Parse(JsonValue.Create("hello")!);
        Assert.Null(record);
        Assert.Contains("data", errors.ToDictionary().Keys);
    }

    [Fact]
    public void Parse_SceneTwice_IsRejected()
    {
        var json = Whitelist.Record("r1", WhitelistMatchKind.Id, new string('a', 64)).ToJsonString()
            .Replace("\"scenes\":{", "\"scenes\":{\"Dining\":{\"orderCount\":1,\"spendBand\":\"<1k\"},", StringComparison.Ordinal);

        var (record, errors) = Parse(json);

        Assert.Null(record);
        Assert.Contains("appears more than once", errors.ToDictionary()["data.scenes.Dining"]);
    }

    [Fact]
    public void PeekMatch_ReadsOnlyWellFormedMatches()
    {
        using var good = JsonDocument.Parse(Whitelist.Record("r1", WhitelistMatchKind.Phone, new string('b', 64)).ToJsonString());
        using var bad = JsonDocument.Parse(Whitelist.Record("r1", WhitelistMatchKind.Phone, "B" + new string('b', 63)).ToJsonString());

        Assert.Equal(new WhitelistMatch(WhitelistMatchKind.Phone, new string('b', 64)), ConsumptionSceneParser.PeekMatch(good.RootElement));
        Assert.Null(ConsumptionSceneParser.PeekMatch(bad.RootElement));
    }
}
