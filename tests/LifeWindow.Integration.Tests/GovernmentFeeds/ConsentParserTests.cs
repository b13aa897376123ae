using LifeWindow.Integration.Feeds.Consent;

namespace LifeWindow.Integration.Tests.GovernmentFeeds;

public class ConsentParserTests : ParserContract<ConsentParserTests.Input>
{
    private static readonly ConsentParser Parser = new();

    public sealed record Input(
        string RecordId, string IdNumber, ConsentPurpose Purpose, string? Partner, ConsentSource Source, ConsentAction Action, string EvidenceId,
        (DateTimeOffset Value, string Text) At) : IGeneratedRecord
    {
        public IReadOnlyList<string> RawIds => [IdNumber];

        FeedRecord IGeneratedRecord.ExpectedRecord() => FeedGen.WithHeader(ExpectedBody(), RecordId, IdNumber);

        public JsonObject ToJson()
        {
            var data = new JsonObject
            {
                ["schemaVersion"] = 1,
                ["recordId"] = RecordId,
                ["idNumber"] = IdNumber,
                ["purpose"] = Purpose.ToString(),
                ["source"] = Source.ToString(),
                ["action"] = Action.ToString(),
                ["evidenceId"] = EvidenceId,
                ["at"] = At.Text,
            };
            if (Partner is not null)
            {
                data["partner"] = Partner;
            }

            return data;
        }

        public ConsentRecord ExpectedBody() => new()
        {
            Purpose = Purpose,
            Partner = Partner,
            Source = Source,
            Action = Action,
            EvidenceId = EvidenceId,
            At = At.Value,
        };
    }

    private static readonly Gen<Input> Valid =
        from purpose in Gen.Enum<ConsentPurpose>()
        from partner in Gen.OneOf("meituan", "jd_finance", "某保险公司")
        from recordId in FeedGen.RecordId
        from id in FeedGen.IdNumber
        from source in Gen.Enum<ConsentSource>()
        from action in Gen.Enum<ConsentAction>()
        from evidence in Gen.Int[1, 99_999_999].Select(n => $"esign-{n:D8}")
        from at in FeedGen.Instant(ConsentParser.FirstConsent, TestData.Today)
        select new Input(recordId, id, purpose, purpose == ConsentPurpose.SharingWith ? partner : null, source, action, evidence, at);

    private static readonly Corruption[] Corruptions =
    [
        .. Corruption.Of("schemaVersion", FieldKind.SchemaVersion),
        .. Corruption.Of("recordId", FieldKind.Text),
        .. Corruption.Of("idNumber", FieldKind.ResidentId),
        .. Corruption.Of("purpose", FieldKind.Enum),
        .. Corruption.Of("source", FieldKind.Enum),
        .. Corruption.Of("action", FieldKind.Enum),
        .. Corruption.Of("evidenceId", FieldKind.Text),
        .. Corruption.Of("at", FieldKind.Instant),
        new("sharing without partner", "data.partner", "is required", d => { d["purpose"] = "SharingWith"; d.Remove("partner"); }),
        new("sharing with a blank partner", "data.partner", "must not be empty", d => { d["purpose"] = "SharingWith"; d["partner"] = ""; }),
        new("partner on marketing consent", "data.partner", "only allowed when purpose is SharingWith", d => { d["purpose"] = "Marketing"; d["partner"] = "meituan"; }),
        new("partner on credit consent", "data.partner", "only allowed when purpose is SharingWith", d => { d["purpose"] = "CreditAssessment"; d["partner"] = "meituan"; }),
    ];

    private static readonly string[] Fields = ["schemaVersion", "recordId", "idNumber", "purpose", "partner", "source", "action", "evidenceId", "at"];

    protected override IFeedParser ContractParser => Parser;

    protected override Gen<Input> ContractValid => Valid;

    protected override IReadOnlyList<Corruption> ContractCorruptions => Corruptions;

    protected override IReadOnlyList<string> ContractFields => Fields;

    [Fact]
    public void Parse_LaterTheSameBusinessDay_IsNotTheFuture()
    {
        // Today is 2026-11-24 in Shanghai; 23:59 that evening is still today, a minute later is tomorrow.
        var data = new Input("CS-1", TestData.IdNumber, ConsentPurpose.Marketing, null, ConsentSource.Tax, ConsentAction.Granted, "esign-1",
            (default, "2026-11-24T23:59:00+08:00")).ToJson();
        Assert.False(FeedGen.Parse(Parser, data).Errors.Any);

        data["at"] = "2026-11-24T16:01:00Z";
        Assert.Contains("future", FeedGen.Parse(Parser, data).Errors.ToDictionary()["data.at"][0], StringComparison.Ordinal);
    }
}
