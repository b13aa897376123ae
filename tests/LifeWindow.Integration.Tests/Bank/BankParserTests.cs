namespace LifeWindow.Integration.Tests.Bank;

/// <summary>The rules across fields, and the examples worth naming, for the bank feed's parsers.</summary>
public class BankParserTests
{
    private static readonly string IdNumber = TestData.IdNumber;

    private static JsonObject MortgageAccount() => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = "MA-0001",
        ["idNumber"] = IdNumber,
        ["accountId"] = "6228480012345678",
        ["phone"] = "+86 138-1234-5678",
        ["propertyId"] = "沪(2019)浦字第012345号",
        ["principal"] = 3_000_000.00m,
        ["balance"] = 2_150_000.00m,
        ["annualRate"] = 0.0385m,
        ["termMonths"] = 360,
        ["startDate"] = "2019-06-15",
        ["status"] = "Active",
    };

    private static JsonObject Repayment(string due = "2026-10-20", string? paid = "2026-10-20", decimal amountDue = 12_500m, decimal amountPaid = 12_500m, int dpd = 0)
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["recordId"] = "MR-0001",
            ["idNumber"] = IdNumber,
            ["accountId"] = "6228480012345678",
            ["dueDate"] = due,
            ["amountDue"] = amountDue,
            ["amountPaid"] = amountPaid,
            ["daysPastDue"] = dpd,
        };
        if (paid is not null)
        {
            json["paidDate"] = paid;
        }

        return json;
    }

    private static (FeedRecord? Record, IDictionary<string, string[]> Errors) Parse(IFeedParser parser, JsonObject json)
    {
        var (record, errors) = BankParserPropertyTests.Parse(parser, json);
        return (record, errors.ToDictionary());
    }

    private static void AssertRejected(IFeedParser parser, JsonObject json, string path, string message)
    {
        var (record, errors) = Parse(parser, json);
        Assert.Null(record);
        Assert.True(errors.ContainsKey(path), string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        Assert.Contains(errors[path], m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MortgageAccount_MasksThePhoneAndRecordsMatchTokensButKeepsNoRawNumber()
    {
        var tokenizer = new CustomerKeyTokenizer(Options.Create(new IdentityOptions
        {
            PepperKeyId = "k1",
            Pepper = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            MatchingKeys = { ["meituan"] = "c0hvTGtmMGtiTi9lalNRVjVMQk9QcXhrNTdPR3RYUlE=" },
        }));
        var errors = new ValidationErrors();
        var context = new FeedParseContext(TestData.Today, tokenizer, "evidence-hash");
        using var doc = System.Text.Json.JsonDocument.Parse(MortgageAccount().ToJsonString());

        var account = Assert.IsType<MortgageAccount>(new MortgageAccountParser().Parse(doc.RootElement, "data", context, errors));

        Assert.False(errors.Any, errors.ToString());
        Assert.Equal("138****5678", account.MaskedPhone);
        Assert.Equal(new DateOnly(2019, 6, 15), account.StartDate);
        Assert.Contains(context.MatchTokens, t => t.Kind == MatchKind.Phone && t.CustomerKey == account.CustomerKey);
        Assert.Contains(context.MatchTokens, t => t.Kind == MatchKind.Id && t.CustomerKey == account.CustomerKey);
    }

    [Fact]
    public void Parse_MortgageBalanceAbovePrincipal_IsRejected()
    {
        var json = MortgageAccount();
        json["balance"] = 3_000_000.01m;
        AssertRejected(new MortgageAccountParser(), json, "data.balance", "must not be more than principal");
    }

    [Fact]
    public void Parse_PaidOffMortgageWithABalance_IsRejected()
    {
        var json = MortgageAccount();
        json["status"] = "PaidOff";
        AssertRejected(new MortgageAccountParser(), json, "data.balance", "must be 0 when status is PaidOff");
    }

    [Fact]
    public void Parse_PaidOffMortgageWithNoBalance_IsAccepted()
    {
        var json = MortgageAccount();
        json["status"] = "PaidOff";
        json["balance"] = 0;
        var (record, errors) = Parse(new MortgageAccountParser(), json);
        Assert.Empty(errors);
        Assert.Equal(MortgageStatus.PaidOff, Assert.IsType<MortgageAccount>(record).Status);
    }

    [Theory]
    [InlineData("4.2", "at most 0.2")]
    [InlineData("0.03851", "at most 4 decimal places")]
    public void Parse_MortgageRateAsPercentOrTooPrecise_IsRejected(string rate, string message)
    {
        var json = MortgageAccount();
        json["annualRate"] = JsonNode.Parse(rate);
        AssertRejected(new MortgageAccountParser(), json, "data.annualRate", message);
    }

    [Theory]
    [InlineData("Active, PaidOff")]
    [InlineData(" Active")]
    [InlineData("Active ")]
    public void Parse_StatusThatOnlyLooksLikeAName_IsRejected(string status)
    {
        var json = MortgageAccount();
        json["status"] = status;
        AssertRejected(new MortgageAccountParser(), json, "data.status", "is not one of Active, PaidOff, Closed");
    }

    [Fact]
    public void Parse_RepaymentPaidLateInFull_IsAcceptedWithItsDaysPastDue()
    {
        var (record, errors) = Parse(new MortgageRepaymentParser(), Repayment(paid: "2026-10-25", dpd: 5));
        Assert.Empty(errors);
        var repayment = Assert.IsType<MortgageRepayment>(record);
        Assert.Equal(new DateOnly(2026, 10, 25), repayment.PaidDate);
        Assert.Equal(5, repayment.DaysPastDue);
    }

    [Fact]
    public void Parse_RepaymentUnpaid_IsAcceptedWithoutPaidDate()
    {
        var (record, errors) = Parse(new MortgageRepaymentParser(), Repayment(paid: null, amountPaid: 0, dpd: 35));
        Assert.Empty(errors);
        Assert.Null(Assert.IsType<MortgageRepayment>(record).PaidDate);
    }

    [Fact]
    public void Parse_RepaymentPaidMoreThanAMonthEarly_IsRejectedAsAPrepayment() =>
        AssertRejected(new MortgageRepaymentParser(), Repayment(due: "2026-10-20", paid: "2026-09-19"), "data.paidDate", "prepayment");

    [Fact]
    public void Parse_RepaymentPaidAFewDaysEarly_IsAccepted() =>
        Assert.Empty(Parse(new MortgageRepaymentParser(), Repayment(due: "2026-10-20", paid: "2026-10-15")).Errors);

    [Fact]
    public void Parse_RepaymentAmountPaidWithoutPaidDate_IsRejected() =>
        AssertRejected(new MortgageRepaymentParser(), Repayment(paid: null), "data.paidDate", "is required when amountPaid is more than 0");

    [Fact]
    public void Parse_RepaymentPaidDateWithNothingPaid_IsRejected() =>
        AssertRejected(new MortgageRepaymentParser(), Repayment(amountPaid: 0), "data.amountPaid", "must be more than 0 when paidDate is given");

    [Fact]
    public void Parse_RepaymentMoreDaysPastDueThanDaysSinceDue_IsRejected() =>
        AssertRejected(new MortgageRepaymentParser(), Repayment(paid: "2026-10-25", dpd: 6), "data.daysPastDue", "must be at most 5");

    [Fact]
    public void Parse_RepaymentPaidInPart_CountsDaysPastDueUntilToday()
    {
        // Due 2026-10-20, part paid 10-25, today 2026-11-24: up to 35 days overdue is possible, 36 is not.
        Assert.Empty(Parse(new MortgageRepaymentParser(), Repayment(paid: "2026-10-25", amountPaid: 5000m, dpd: 35)).Errors);
        AssertRejected(new MortgageRepaymentParser(), Repayment(paid: "2026-10-25", amountPaid: 5000m, dpd: 36), "data.daysPastDue", "is not paid in full as of 2026-11-24");
    }

    [Fact]
    public void Parse_RepaymentDueInTheFuture_IsRejected() =>
        AssertRejected(new MortgageRepaymentParser(), Repayment(due: "2026-11-25", paid: null, amountPaid: 0), "data.dueDate", "must not be in the future (today is 2026-11-24");

    [Fact]
    public void Parse_RepaymentWithAnInvalidPaidDate_ReportsOnlyTheDate()
    {
        var (record, errors) = Parse(new MortgageRepaymentParser(), Repayment(paid: "2026-10-32"));
        Assert.Null(record);
        Assert.Equal(["data.paidDate"], errors.Keys);
        Assert.Equal(["must be a date as yyyy-MM-dd"], errors["data.paidDate"]);
    }

    [Fact]
    public void Parse_DepositSnapshot_AumIsTheSumOfTheClasses()
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["recordId"] = "DS-1",
            ["idNumber"] = IdNumber,
            ["asOf"] = "2026-11-23",
            ["demand"] = 16_700.50m,
            ["term"] = 22_400m,
            ["wealthProducts"] = 26_600.25m,
            ["funds"] = 4_500m,
            ["bonds"] = 1_200m,
            ["insurance"] = 0,
        };

        var (record, errors) = Parse(new DepositSnapshotParser(), json);

        Assert.Empty(errors);
        var snapshot = Assert.IsType<DepositSnapshot>(record);
        Assert.Equal(71_400.75m, snapshot.Aum);
        Assert.Contains("\"aum\":71400.75", System.Text.Json.JsonSerializer.Serialize<FeedRecord>(snapshot, Serialization.LifeWindowJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PosDayWithoutTransactionsButAnAmount_IsRejected()
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["recordId"] = "POS-1",
            ["idNumber"] = IdNumber,
            ["merchantUscc"] = TestData.Uscc,
            ["settledOn"] = "2026-11-23",
            ["amount"] = 10m,
            ["transactionCount"] = 0,
        };
        AssertRejected(new PosSettlementParser(), json, "data.amount", "must be 0 when transactionCount is 0");
    }

    [Fact]
    public void Parse_TransferWithALocalTimeButNoOffset_IsRejected()
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["recordId"] = "LT-1",
            ["idNumber"] = IdNumber,
            ["direction"] = "Out",
            ["amount"] = 250_000m,
            ["counterpartyType"] = "CrossBank",
            ["at"] = "2026-11-20T10:15:00",
        };
        AssertRejected(new LargeTransferParser(), json, "data.at", "with offset");
        json["at"] = "2026-11-20T10:15:00+08:00";
        var (record, _) = Parse(new LargeTransferParser(), json);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 15, 0, TimeSpan.Zero), Assert.IsType<LargeTransfer>(record).At);
        Assert.Equal(TimeSpan.Zero, ((LargeTransfer)record!).At.Offset);
    }

    [Fact]
    public void Parse_TransferLaterTodayInShanghai_IsAcceptedButTomorrowIsNot()
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["recordId"] = "LT-2",
            ["idNumber"] = IdNumber,
            ["direction"] = "In",
            ["amount"] = 250_000m,
            ["counterpartyType"] = "SameBank",
            ["at"] = "2026-11-24T15:59:59Z",
        };
        Assert.Empty(Parse(new LargeTransferParser(), json).Errors);
        json["at"] = "2026-11-24T16:00:00Z";
        AssertRejected(new LargeTransferParser(), json, "data.at", "must not be in the future");
    }

    [Fact]
    public void Parse_CallTranscript_KeepsTheSnippetRedacted()
    {
        var json = new JsonObject
        {
            ["schemaVersion"] = 1,
            ["recordId"] = "CT-1",
            ["idNumber"] = IdNumber,
            ["at"] = "2026-11-23T10:05:00+08:00",
            ["channel"] = "Phone",
            ["snippet"] = $"客户:我的身份证号是{IdNumber},手机138 1234 5678,最近月供压力大,想问问能不能延期。",
        };

        var transcript = Assert.IsType<CallTranscript>(Parse(new CallTranscriptParser(), json).Record);

        Assert.Equal("客户:我的身份证号是******************,手机*** **** ****,最近月供压力大,想问问能不能延期。", transcript.Snippet);
    }

    [Fact]
    public void Parse_InvalidIdNumber_IsNotEchoedInTheErrors()
    {
        var json = MortgageAccount();
        var wrong = IdNumber[..17] + (IdNumber[17] == '0' ? '1' : '0');
        json["idNumber"] = wrong;

        var (record, errors) = Parse(new MortgageAccountParser(), json);

        Assert.Null(record);
        Assert.Equal(["data.idNumber"], errors.Keys);
        Assert.DoesNotContain(wrong[..17], string.Join(" ", errors.SelectMany(e => e.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IdNumberSentInAnEnumField_IsNotEchoedInTheErrors()
    {
        var json = MortgageAccount();
        json["status"] = IdNumber;

        var (record, errors) = Parse(new MortgageAccountParser(), json);

        Assert.Null(record);
        Assert.Equal(["is not one of Active, PaidOff, Closed"], errors["data.status"]);
    }

    private static JsonObject RiskAssessment(string appetite = "C3", string assessedAt = "2026-11-20T10:30:00+08:00", string validUntil = "2027-11-19") => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = "RA-0001",
        ["idNumber"] = IdNumber,
        ["appetite"] = appetite,
        ["assessedAt"] = assessedAt,
        ["validUntil"] = validUntil,
    };

    [Fact]
    public void Parse_RiskAssessment_GivesTheCanonicalRecord()
    {
        var (record, errors) = Parse(new RiskAssessmentParser(), RiskAssessment());

        Assert.Empty(errors);
        var assessment = Assert.IsType<RiskAssessment>(record);
        Assert.Equal("RA-0001", assessment.RecordId);
        Assert.Equal(BankCases.Tokenizer.CustomerKey(ParseId(IdNumber)), assessment.CustomerKey);
        Assert.Equal("evidence-hash", assessment.EvidenceHash);
        Assert.Equal(RiskAppetite.Balanced, assessment.Appetite);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 2, 30, 0, TimeSpan.Zero), assessment.AssessedAt);
        Assert.Equal(TimeSpan.Zero, assessment.AssessedAt.Offset);
        Assert.Equal(new DateOnly(2027, 11, 19), assessment.ValidUntil);
        Assert.Contains("\"appetite\":\"Balanced\"", System.Text.Json.JsonSerializer.Serialize<FeedRecord>(assessment, Serialization.LifeWindowJson.Options), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C1", RiskAppetite.Conservative)]
    [InlineData("C2", RiskAppetite.Cautious)]
    [InlineData("C3", RiskAppetite.Balanced)]
    [InlineData("C4", RiskAppetite.Growth)]
    [InlineData("C5", RiskAppetite.Aggressive)]
    public void Parse_RiskAssessmentGrade_MapsToItsAppetite(string grade, RiskAppetite appetite)
    {
        var (record, errors) = Parse(new RiskAssessmentParser(), RiskAssessment(appetite: grade));
        Assert.Empty(errors);
        Assert.Equal(appetite, Assert.IsType<RiskAssessment>(record).Appetite);
    }

    [Theory]
    [InlineData("C6", "is not one of C1, C2, C3, C4, C5")]
    [InlineData("C0", "is not one of C1, C2, C3, C4, C5")]
    [InlineData("c3", "is not one of C1, C2, C3, C4, C5")]
    [InlineData(" C3", "is not one of C1, C2, C3, C4, C5")]
    [InlineData("3", "is not one of C1, C2, C3, C4, C5")]
    [InlineData("Balanced", "'Balanced' is not one of C1, C2, C3, C4, C5")]
    [InlineData("平衡型", "'平衡型' is not one of C1, C2, C3, C4, C5")]
    [InlineData("", "must not be empty")]
    public void Parse_RiskAssessmentAppetiteNotAGrade_IsRejectedListingTheGrades(string appetite, string message)
    {
        var (record, errors) = Parse(new RiskAssessmentParser(), RiskAssessment(appetite: appetite));
        Assert.Null(record);
        Assert.Equal(["data.appetite"], errors.Keys);
        Assert.Equal([message], errors["data.appetite"]);
    }

    [Theory]
    [InlineData("2026-11-20T10:30:00", "with offset")]
    [InlineData("2026-11-20", "with offset")]
    [InlineData("2026-11-25T09:00:00+08:00", "must not be in the future")]
    [InlineData("1989-06-01T09:00:00+08:00", "must not be before 1990-01-01")]
    public void Parse_RiskAssessmentBadAssessedAt_IsRejectedAtAssessedAtOnly(string assessedAt, string message)
    {
        var (record, errors) = Parse(new RiskAssessmentParser(), RiskAssessment(assessedAt: assessedAt));
        Assert.Null(record);
        Assert.Equal(["data.assessedAt"], errors.Keys);
        Assert.Contains(message, errors["data.assessedAt"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027/11/19", "must be a date as yyyy-MM-dd")]
    [InlineData("2027-11-19T00:00:00+08:00", "must be a date as yyyy-MM-dd")]
    [InlineData("2026-11-19", "must not be before the date of assessedAt (2026-11-20, Asia/Shanghai)")]
    [InlineData("2031-11-21", "must be at most 5 years after the date of assessedAt (2026-11-20, Asia/Shanghai)")]
    [InlineData("9999-12-31", "must be at most 5 years after the date of assessedAt")]
    public void Parse_RiskAssessmentBadValidUntil_IsRejectedAtValidUntilOnly(string validUntil, string message)
    {
        var (record, errors) = Parse(new RiskAssessmentParser(), RiskAssessment(validUntil: validUntil));
        Assert.Null(record);
        Assert.Equal(["data.validUntil"], errors.Keys);
        Assert.Contains(message, errors["data.validUntil"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-20")] // valid only on the day itself
    [InlineData("2031-11-20")] // the longest allowed
    [InlineData("2026-11-21")] // already lapsed by today (2026-11-24): kept, it just no longer sets the appetite
    public void Parse_RiskAssessmentValidUntilInRange_IsAccepted(string validUntil) =>
        Assert.Empty(Parse(new RiskAssessmentParser(), RiskAssessment(validUntil: validUntil)).Errors);

    [Fact]
    public void Parse_RiskAssessmentValidUntil_IsComparedWithTheShanghaiDateOfAssessedAt()
    {
        // 2026-11-19T16:30Z is 2026-11-20 00:30 in Shanghai.
        Assert.Empty(Parse(new RiskAssessmentParser(), RiskAssessment(assessedAt: "2026-11-19T16:30:00Z", validUntil: "2026-11-20")).Errors);
        AssertRejected(new RiskAssessmentParser(), RiskAssessment(assessedAt: "2026-11-19T16:30:00Z", validUntil: "2026-11-19"), "data.validUntil", "(2026-11-20, Asia/Shanghai)");
    }

    [Fact]
    public void Parse_RiskAssessmentEveryFieldBroken_ReportsEachByPath()
    {
        var json = RiskAssessment(appetite: "C9", assessedAt: "yesterday", validUntil: "next year");
        json["schemaVersion"] = 2;
        json["recordId"] = "";
        json["idNumber"] = IdNumber[..17] + (IdNumber[17] == '0' ? '1' : '0');

        var (record, errors) = Parse(new RiskAssessmentParser(), json);

        Assert.Null(record);
        Assert.Equal(
            ["data.appetite", "data.assessedAt", "data.idNumber", "data.recordId", "data.schemaVersion", "data.validUntil"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    private static ResidentIdNumber ParseId(string raw)
    {
        Assert.True(ResidentIdNumber.TryParse(raw, TestData.Today, out var id, out var error), error);
        return id!;
    }

    [Fact]
    public void AddLifeWindowFeeds_RegistersOneParserPerEventTypeOnFeedBank()
    {
        var services = new ServiceCollection().AddLifeWindowFeeds().AddLifeWindowFeeds();
        using var provider = services.BuildServiceProvider();

        var parsers = new FeedParsers(provider.GetServices<IFeedParser>());

        Assert.Equal(
            ["bank.call-transcript", "bank.custody-flow", "bank.deposit-snapshot", "bank.income-declaration", "bank.large-transfer", "bank.list-entry", "bank.loan-account", "bank.mortgage-account", "bank.mortgage-repayment", "bank.payroll-credit", "bank.pos-settlement", "bank.risk-assessment"],
            parsers.EventTypes("bank"));
    }
}
