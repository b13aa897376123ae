using LifeWindow.Integration.Feeds.ProvidentFund;

namespace LifeWindow.Integration.Tests;

public class ProvidentFundParserTests
{
    private static (FeedRecord? Record, ValidationErrors Errors) Parse(JsonNode data)
    {
        var errors = new ValidationErrors();
        using var doc = JsonDocument.Parse(data.ToJsonString());
        var record = new ProvidentFundParser().Parse(doc.RootElement, "data", new FeedParseContext(TestData.Today, TestData.Tokenizer(), "evidence-hash"), errors);
        return (record, errors);
    }

    [Fact]
    public void Parse_ValidRecord_IsTokenizedAndKeepsNoRawId()
    {
        var (record, errors) = Parse(TestData.Contribution());

        Assert.False(errors.Any, errors.ToString());
        var contribution = Assert.IsType<ProvidentFundContribution>(record);
        Assert.Equal(TestData.Tokenizer().CustomerKey(ParseId(TestData.IdNumber)), contribution.CustomerKey);
        Assert.Equal(18600.00m, contribution.ContributionBase);
        Assert.Equal(new Domain.Time.YearMonth(2026, 10), contribution.Period);
        Assert.Equal(Residency.Local, contribution.Person.Residency);
        Assert.Equal("31-40", contribution.Person.AgeBand);
        Assert.Equal("evidence-hash", contribution.EvidenceHash);

        var onTheStream = FeedMessageJson.Serialize(new FeedMessage("provident-fund", "p", "id", DateTimeOffset.UnixEpoch, contribution));
        Assert.DoesNotContain(TestData.IdNumber, onTheStream, StringComparison.Ordinal);
        Assert.DoesNotContain("19880512", onTheStream, StringComparison.Ordinal);
        Assert.Equal(contribution, FeedMessageJson.Deserialize(onTheStream).Record);
    }

    [Theory]
    [InlineData("idNumber", "310104198805120030", "data.idNumber", "check character")]
    [InlineData("contributionBase", -1, "data.contributionBase", "must not be negative")]
    [InlineData("contributionBase", 100.123, "data.contributionBase", "2 decimal places")]
    [InlineData("contributionBase", "18600", "data.contributionBase", "must be a number")]
    [InlineData("status", "Unknown", "data.status", "is not one of Normal, Suspended, Closed")]
    [InlineData("status", "0", "data.status", "is not one of")]
    [InlineData("period", "2026-13", "data.period", "yyyy-MM")]
    [InlineData("period", "2027-01", "data.period", "current month")]
    [InlineData("employeeRate", 0.2, "data.employeeRate", "at most 0.12")]
    [InlineData("schemaVersion", 2, "data.schemaVersion", "between 1 and 1")]
    [InlineData("reportedAt", "yesterday", "data.reportedAt", "ISO 8601")]
    [InlineData("reportedAt", "2026-11-01T02:00:00", "data.reportedAt", "with offset")]
    [InlineData("reportedAt", "2026-11-01 02:00:00+08:00", "data.reportedAt", "with offset")]
    [InlineData("reportedAt", "9999-01-01T00:00:00+08:00", "data.reportedAt", "must not be after 2026-11-25")]
    [InlineData("reportedAt", "2026-11-27T00:00:00+08:00", "data.reportedAt", "must not be after 2026-11-25")]
    [InlineData("reportedAt", "1999-12-31T23:59:59+08:00", "data.reportedAt", "must not be before 2000-01-01")]
    [InlineData("reportedAt", "0001-01-01T00:00:00+00:00", "data.reportedAt", "must not be before 2000-01-01")]
    public void Parse_BadField_IsRejectedNamingTheField(string field, object value, string path, string reason)
    {
        var data = TestData.Contribution();
        data[field] = JsonValue.Create(value);
        if (field == "idNumber" && value is string s && s == "310104198805120030")
        {
            data[field] = WrongCheck(TestData.IdNumber);
        }

        var (record, errors) = Parse(data);

        Assert.Null(record);
        var messages = errors.ToDictionary();
        Assert.True(messages.ContainsKey(path), errors.ToString());
        Assert.Contains(messages[path], m => m.Contains(reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-11-25T23:00:00+08:00")]
    [InlineData("2000-01-01T00:00:00+08:00")]
    [InlineData("2026-11-24T10:00:00Z")]
    public void Parse_ReportedAtWithOffsetFrom2000ToTomorrow_IsAccepted(string reportedAt)
    {
        var data = TestData.Contribution();
        data["reportedAt"] = reportedAt;

        var (record, errors) = Parse(data);

        Assert.False(errors.Any, errors.ToString());
        Assert.Equal(DateTimeOffset.Parse(reportedAt, System.Globalization.CultureInfo.InvariantCulture), Assert.IsType<ProvidentFundContribution>(record).ReportedAt);
    }

    [Fact]
    public void Parse_SeveralBadFields_ReportsEveryOne()
    {
        var data = TestData.Contribution();
        data["idNumber"] = WrongCheck(TestData.IdNumber);
        data["contributionBase"] = -5;
        data.Remove("status");
        ((JsonObject)data["employer"]!)["uscc"] = "91350100M000100Y44";

        var (record, errors) = Parse(data);

        Assert.Null(record);
        Assert.Equal(
            ["data.contributionBase", "data.employer.uscc", "data.idNumber", "data.status"],
            errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_NotAnObject_IsRejected()
    {
        var (record, errors) = Parse(JsonValue.Create("hello")!);
        Assert.Null(record);
        Assert.Contains("data", errors.ToDictionary().Keys);
    }

    private static string WrongCheck(string id) => id[..17] + (id[17] == '0' ? '1' : '0');

    private static Domain.Identity.ResidentIdNumber ParseId(string id)
    {
        Assert.True(Domain.Identity.ResidentIdNumber.TryParse(id, TestData.Today, out var parsed, out _));
        return parsed!;
    }
}
