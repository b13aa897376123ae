using LifeWindow.Integration.Feeds.PropertyRegistry;

namespace LifeWindow.Integration.Tests.GovernmentFeeds;

public class PropertyRegistryParserTests : ParserContract<PropertyRegistryParserTests.Input>
{
    private static readonly PropertyRegistryParser Parser = new();

    public sealed record Input(
        string RecordId, PropertyEventType EventType, string CertificateNo, string PropertyId, (string IdNumber, decimal? Share)[] Owners,
        string City, CityTier Tier, decimal AreaSqm, decimal? Price, decimal? Appraised, decimal? Mortgage, (DateTimeOffset Value, string Text) RegisteredAt) : IGeneratedRecord
    {
        public IReadOnlyList<string> RawIds => [.. Owners.Select(o => o.IdNumber)];

        FeedRecord IGeneratedRecord.ExpectedRecord() => FeedGen.WithHeader(ExpectedBody(), RecordId, Owners[0].IdNumber);

        public JsonObject ToJson()
        {
            var owners = new JsonArray();
            foreach (var (id, share) in Owners)
            {
                var owner = new JsonObject { ["idNumber"] = id };
                if (share is not null)
                {
                    owner["sharePct"] = share;
                }

                owners.Add(owner);
            }

            var data = new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = RecordId,
                ["eventType"] = EventType.ToString(),
                ["certificateNo"] = CertificateNo,
                ["propertyId"] = PropertyId,
                ["owners"] = owners,
                ["city"] = City,
                ["cityTier"] = Tier.ToString(),
                ["areaSqm"] = AreaSqm,
                ["registeredAt"] = RegisteredAt.Text,
            };
            AddIfGiven(data, "price", Price);
            AddIfGiven(data, "appraisedValue", Appraised);
            AddIfGiven(data, "mortgageAmount", Mortgage);
            return data;
        }

        public PropertyRegistryEvent ExpectedBody() => new()
        {
            EventType = EventType,
            CertificateNo = CertificateNo,
            PropertyId = PropertyId,
            Owners = [.. Owners.Select(o => new PropertyOwner(FeedGen.CustomerKey(o.IdNumber), FeedGen.Person(o.IdNumber), o.Share))],
            City = City,
            CityTier = Tier,
            AreaSqm = AreaSqm,
            Price = Price,
            AppraisedValue = Appraised,
            MortgageAmount = Mortgage,
            RegisteredAt = RegisteredAt.Value,
        };

        private static void AddIfGiven(JsonObject data, string name, decimal? value)
        {
            if (value is not null)
            {
                data[name] = value;
            }
        }
    }

    /// <summary>1 to 10 different owners; shares for all (in hundredths, adding up to exactly 100) or for none.</summary>
    private static readonly Gen<(string, decimal?)[]> Owners =
        from count in Gen.Int[1, PropertyRegistryParser.MaxOwners]
        from ids in FeedGen.IdNumber.Array[count].Where(ids => ids.Select(i => i.ToUpperInvariant()[..17]).Distinct().Count() == count)
        from withShares in Gen.Bool
        from cuts in Gen.Int[1, 9999].ArrayUnique[count - 1]
        select ids.Select((id, i) => (id, withShares ? Share(cuts, i) : (decimal?)null)).ToArray();

    private static readonly Gen<Input> Valid =
        from eventType in Gen.Enum<PropertyEventType>()
        from recordId in FeedGen.RecordId
        from n in Gen.Int[1, 999_999]
        from owners in Owners
        from city in Gen.OneOf(("上海市", CityTier.ProvincialCapitalOrAbove), ("苏州市", CityTier.Prefecture), ("昆山市", CityTier.County))
        from area in Gen.Int[1, 5_000_000].Select(c => c / 100m)
        from price in Optional(FeedGen.Money, eventType == PropertyEventType.Transfer)
        from appraised in Optional(FeedGen.PositiveMoney, eventType == PropertyEventType.Appraisal)
        from mortgage in Optional(FeedGen.PositiveMoney, eventType == PropertyEventType.MortgageRegistered)
        from registeredAt in FeedGen.Instant(new DateOnly(1990, 1, 1), TestData.Today)
        select new Input(recordId, eventType, $"沪(2024)浦字不动产权第{n:D6}号", $"310115{n:D6}GB00001F{n:D8}", owners, city.Item1, city.Item2, area, price, appraised, mortgage, registeredAt);

    private static readonly Corruption[] Corruptions =
    [
        .. Corruption.Of("schemaVersion", FieldKind.SchemaVersion),
        .. Corruption.Of("recordId", FieldKind.Text),
        .. Corruption.Of("eventType", FieldKind.Enum),
        .. Corruption.Of("certificateNo", FieldKind.Text),
        .. Corruption.Of("propertyId", FieldKind.Text),
        .. Corruption.Of("owners[0].idNumber", FieldKind.ResidentId),
        .. Corruption.Of("city", FieldKind.Text),
        .. Corruption.Of("cityTier", FieldKind.Enum),
        .. Corruption.Of("areaSqm", FieldKind.Positive),
        .. Corruption.Of("registeredAt", FieldKind.Instant),
        .. Corruption.Of("price", FieldKind.Money).Where(c => !c.Reason.Contains("required", StringComparison.Ordinal)),
        .. Corruption.Of("appraisedValue", FieldKind.Positive).Where(c => !c.Reason.Contains("required", StringComparison.Ordinal)),
        .. Corruption.Of("mortgageAmount", FieldKind.Positive).Where(c => !c.Reason.Contains("required", StringComparison.Ordinal)),
        new("registeredAt before 1990", "data.registeredAt", "must not be before 1990-01-01", d => d["registeredAt"] = "1989-12-31T12:00:00+08:00"),
        new("Transfer without price", "data.price", "is required when eventType is Transfer", d => { d["eventType"] = "Transfer"; d.Remove("price"); }),
        new("Appraisal without appraisedValue", "data.appraisedValue", "is required when eventType is Appraisal", d => { d["eventType"] = "Appraisal"; d.Remove("appraisedValue"); }),
        new("MortgageRegistered without mortgageAmount", "data.mortgageAmount", "is required when eventType is MortgageRegistered", d => { d["eventType"] = "MortgageRegistered"; d.Remove("mortgageAmount"); }),
        new("owners missing", "data.owners", "is required", d => d.Remove("owners")),
        new("owners empty", "data.owners", "1 to 10 owners", d => d["owners"] = new JsonArray()),
        new("owners not an array", "data.owners", "must be an array", d => d["owners"] = new JsonObject()),
        new("owner not an object", "data.owners[0]", "must be a JSON object", d => d["owners"]![0] = "someone"),
        new("negative share", "data.owners[0].sharePct", "must not be negative", d => SetShares(d, -5m)),
        new("share with 3 decimals", "data.owners[0].sharePct", "at most 2 decimal places", d => SetShares(d, 33.333m)),
        new("share over 100", "data.owners[0].sharePct", "at most 100", d => SetShares(d, 100.01m)),
        new("share of wrong type", "data.owners[0].sharePct", "must be a number", d => SetShares(d, "50")),
    ];

    private static readonly string[] Fields =
        ["schemaVersion", "recordId", "eventType", "certificateNo", "propertyId", "owners", "owners[0]", "owners[0].idNumber", "owners[0].sharePct", "city", "cityTier", "areaSqm", "price", "appraisedValue", "mortgageAmount", "registeredAt"];

    protected override IFeedParser ContractParser => Parser;

    protected override Gen<Input> ContractValid => Valid;

    protected override IReadOnlyList<Corruption> ContractCorruptions => Corruptions;

    protected override IReadOnlyList<string> ContractFields => Fields;

    /// <summary>The event's customer is its first owner.</summary>
    protected override void AssertAlso(FeedRecord? record)
    {
        var property = Assert.IsType<PropertyRegistryEvent>(record);
        Assert.Equal(property.Owners[0].CustomerKey, property.CustomerKey);
    }

    [Fact]
    public void Parse_SharesNotAddingUpTo100_IsRejectedAtOwners()
    {
        var data = Example(("31010419880512003", 60m), ("31010419900101002", 30m));

        var errors = Rejected(data);

        Assert.Equal(["data.owners"], errors.Keys);
        Assert.Contains("add up to 100 (they add up to 90", errors["data.owners"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SharesForSomeOwnersOnly_NamesTheOwnersWithout()
    {
        var data = Example(("31010419880512003", 100m), ("31010419900101002", null), ("31010419920202001", null));

        var errors = Rejected(data);

        Assert.Equal(["data.owners[1].sharePct", "data.owners[2].sharePct"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("every owner or for none", errors["data.owners[1].sharePct"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SamePersonTwice_NamesTheRepeat()
    {
        var data = Example(("31010419880512003", null), ("31010419900101002", null), ("31010419880512003", null));

        var errors = Rejected(data);

        Assert.Equal(["data.owners[2].idNumber"], errors.Keys);
        Assert.Contains("same person as owners[0]", errors["data.owners[2].idNumber"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ElevenOwners_IsRejected()
    {
        var data = Example([.. Enumerable.Range(0, 11).Select(i => ($"3101041980010{i + 10:D2}01", (decimal?)null))]);

        var errors = Rejected(data);

        Assert.Contains("1 to 10 owners", errors["data.owners"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CoOwners_CarryEveryOwnersKeyAndTheFirstIsTheCustomer()
    {
        var first = TestData.WithCheck("31010419880512003");
        var second = TestData.WithCheck("44030519900101002");
        var data = Example(("31010419880512003", 50m), ("44030519900101002", 50m));

        var (record, errors) = FeedGen.Parse(Parser, data);

        Assert.False(errors.Any, errors.ToString());
        var property = Assert.IsType<PropertyRegistryEvent>(record);
        Assert.Equal(FeedGen.CustomerKey(first), property.CustomerKey);
        Assert.Equal([FeedGen.CustomerKey(first), FeedGen.CustomerKey(second)], property.Owners.Select(o => o.CustomerKey));
        Assert.Equal(Residency.Local, property.Owners[0].Person.Residency);
        Assert.Equal(Residency.NewResident, property.Owners[1].Person.Residency);
    }

    [Fact]
    public void Parse_AmountOfAnotherEventType_IsKept()
    {
        var data = Example(("31010419880512003", null));
        data["eventType"] = "MortgageRegistered";
        data.Remove("price");
        data["mortgageAmount"] = 2_000_000m;
        data["appraisedValue"] = 5_200_000.50m;

        var (record, errors) = FeedGen.Parse(Parser, data);

        Assert.False(errors.Any, errors.ToString());
        var property = Assert.IsType<PropertyRegistryEvent>(record);
        Assert.Equal(5_200_000.50m, property.AppraisedValue);
        Assert.Null(property.Price);
    }

    private static IDictionary<string, string[]> Rejected(JsonObject data)
    {
        var (record, errors) = FeedGen.Parse(Parser, data);
        Assert.Null(record);
        return errors.ToDictionary();
    }

    /// <summary>A Transfer with the given owners (first 17 characters of each ID, share).</summary>
    private static JsonObject Example(params (string First17, decimal? Share)[] owners) => new Input(
        "BDC-1", PropertyEventType.Transfer, "沪(2024)浦字不动产权第000001号", "310115001001GB00001F00010001",
        [.. owners.Select(o => (TestData.WithCheck(o.First17), o.Share))], "上海市", CityTier.ProvincialCapitalOrAbove, 89.5m,
        3_200_000m, null, null, (new DateTimeOffset(2026, 10, 8, 10, 0, 0, TimeSpan.FromHours(8)), "2026-10-08T10:00:00+08:00")).ToJson();

    /// <summary>Gives the first owner <paramref name="first"/> and every other owner a valid share, so only the first is wrong.</summary>
    private static void SetShares(JsonObject data, JsonNode first)
    {
        var owners = data["owners"]!.AsArray();
        owners[0]!["sharePct"] = first.DeepClone();
        foreach (var owner in owners.Skip(1))
        {
            owner!["sharePct"] = 10m;
        }
    }

    /// <summary>Always present when <paramref name="required"/>, else sometimes.</summary>
    private static Gen<decimal?> Optional(Gen<decimal> amount, bool required) =>
        required ? amount.Select(a => (decimal?)a) : Gen.Select(Gen.Bool, amount, (given, a) => given ? a : (decimal?)null);

    private static decimal Share(int[] cuts, int index)
    {
        var points = cuts.Order().Prepend(0).Append(10_000).ToArray();
        return (points[index + 1] - points[index]) / 100m;
    }
}
