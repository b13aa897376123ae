using System.Net;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Exposure;

namespace LifeWindow.LocalHost.Tests;

/// <summary>
/// GET /api/customers/{customerKey}/mortgage-zone on a running local host: a profile folded from real records (provident
/// fund, property registry, the bank's mortgage account, an instalment, a risk assessment, consents), the exposure and
/// window stores seeded, and each figure of the answer checked against a computation of its own here; the consent a part
/// needs; 404 for an unknown customer and 400 for a malformed key, both problem+json.
/// </summary>
public sealed class MortgageZoneEndpointTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly DateOnly Today = BusinessClock.ToBusinessDate(Now);

    [Fact]
    public async Task Get_SeededCustomer_AnswersTheHomeTheCreditLeftTheOpenOffersAndThePlan()
    {
        await using var host = await RunningHost.StartAsync();
        const string customer = "c-zone-1";
        var appraised = await SeedAsync(host, customer);
        await host.GrantConsentsAsync(customer);
        await SeedExposureAndWindowsAsync(host, customer);

        var (status, _, zone) = await GetAsync(host, customer);

        Assert.Equal(HttpStatusCode.OK, status);
        var valuation = zone.GetProperty("valuation");
        Assert.Equal(3_000_000m, valuation.GetProperty("propertyValue").GetDecimal());
        Assert.Equal(BusinessClock.ToBusinessDate(appraised).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), valuation.GetProperty("valuedOn").GetString());
        Assert.Equal(3_000_000m - 800_000m, valuation.GetProperty("netEquity").GetDecimal());
        Assert.Equal(Math.Round(800_000m * 100m / 3_000_000m, 2), valuation.GetProperty("ltvPct").GetDecimal());
        Assert.Equal((3_000_000m - 2_500_000m) * 100m / 2_500_000m, valuation.GetProperty("appreciationPct").GetDecimal());
        Assert.Equal(800_000m, valuation.GetProperty("mortgageBalance").GetDecimal());
        // The mortgage ends on the 15th, 240 months after this month's: one month fewer once today is past the 15th.
        var months = Today.Day > 15 ? 239 : 240;
        Assert.Equal(months, valuation.GetProperty("remainingTermMonths").GetInt32());
        Assert.Equal(4_476.94m, valuation.GetProperty("monthlyPayment").GetDecimal());

        // Credit: 50万 cap (provincial capital) less 10万 consumer and 5万 held; DTI room 20,000 × (55% − DTI) / 3%.
        var dti = Math.Round(4_476.94m * 100m / 20_000m, 2, MidpointRounding.AwayFromZero);
        var dtiRoom = 20_000m * (55m - dti) / 100m * 100m / 3m;
        var credit = zone.GetProperty("credit");
        Assert.Equal(500_000m, credit.GetProperty("unsecuredCap").GetDecimal());
        Assert.Equal(350_000m, credit.GetProperty("capRoom").GetDecimal());
        Assert.Equal(Math.Round(dtiRoom, 2), credit.GetProperty("dtiRoom").GetDecimal());
        Assert.Equal(Math.Floor(Math.Min(350_000m, dtiRoom) / 1_000m) * 1_000m, credit.GetProperty("available").GetDecimal());
        Assert.Equal(0, credit.GetProperty("missing").GetArrayLength());

        var offer = Assert.Single(zone.GetProperty("offers").EnumerateArray());
        Assert.Equal("HomeEquity", offer.GetProperty("ruleId").GetString());
        Assert.Equal("房产抵押消费贷", offer.GetProperty("offers")[0].GetProperty("name").GetString());

        var plan = zone.GetProperty("plan");
        var amount = Math.Floor((20_000m - Math.Max(20_000m * dti / 100m, 4_476.94m)) * 0.30m / 100m) * 100m;
        Assert.True(plan.GetProperty("suggested").GetBoolean(), plan.ToString());
        Assert.Equal(amount, plan.GetProperty("monthlyAmount").GetDecimal());
        Assert.Equal(16, plan.GetProperty("debitDay").GetInt32());
        Assert.Equal(amount * months, plan.GetProperty("contributed").GetDecimal());
        var y = 0.03m / 12m;
        var value = amount * (1m + y) * (Pow(1m + y, months) - 1m) / y;
        Assert.InRange(plan.GetProperty("value").GetDecimal(), value - 0.02m, value + 0.02m);
        Assert.DoesNotContain(plan.GetProperty("products").EnumerateArray(), p => p.GetProperty("riskLevel").GetInt32() > 3);
    }

    [Fact]
    public async Task Get_OnlyCreditAssessmentAllowed_GivesTheCreditButNoSuggestionFromPartnerData()
    {
        await using var host = await RunningHost.StartAsync();
        const string customer = "c-zone-2";
        await SeedAsync(host, customer);
        await host.GrantConsentsAsync(customer, ConsentPurpose.CreditAssessment);

        var (status, _, zone) = await GetAsync(host, customer);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3_000_000m, zone.GetProperty("valuation").GetProperty("propertyValue").GetDecimal()); // their own data
        Assert.Equal(500_000m, zone.GetProperty("credit").GetProperty("unsecuredCap").GetDecimal());
        var plan = zone.GetProperty("plan");
        Assert.False(plan.GetProperty("suggested").GetBoolean());
        Assert.Contains(plan.GetProperty("missing").EnumerateArray(), m => m.GetString()!.StartsWith("MonthlyIncome", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_UnknownCustomerOrMalformedKey_AnswersProblemJson404And400()
    {
        await using var host = await RunningHost.StartAsync();

        var (notFound, notFoundType, problem) = await GetAsync(host, "c-nobody");
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Equal("application/problem+json", notFoundType);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());

        var (bad, badType, invalid) = await GetAsync(host, "bad%20key%21");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal("application/problem+json", badType);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("customerKey", out _), invalid.ToString());
    }

    /// <summary>samples/mortgage-zone.http as a client sends it (its customer seeded): 200, but 404 where it says no profile and 400 where it says bad input.</summary>
    [Fact]
    public async Task Samples_EveryRequestOfTheHttpFile_IsAnsweredAsItSays()
    {
        await using var host = await RunningHost.StartAsync();
        var text = File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "mortgage-zone.http"));
        var customer = System.Text.RegularExpressions.Regex.Match(text, @"@customer = (\S+)").Groups[1].Value;
        await SeedAsync(host, customer);
        var blocks = text.Split("###", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(3, blocks.Count);
        foreach (var block in blocks)
        {
            var path = System.Text.RegularExpressions.Regex.Match(block, @"GET \{\{host\}\}(\S+)").Groups[1].Value.Replace("{{customer}}", customer, StringComparison.Ordinal);
            using var response = await host.Http.GetAsync(path);
            var expected = block.Contains("No profile", StringComparison.Ordinal) ? HttpStatusCode.NotFound
                : block.Contains("Bad input", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.OK;
            Assert.True(expected == response.StatusCode, $"{block.Split('\n')[0].Trim()}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Folds the customer's records into their stored profile; returns when the home was appraised.</summary>
    private static async Task<DateTimeOffset> SeedAsync(RunningHost host, string customer)
    {
        var thisMonth = YearMonth.From(Today);
        var lastDue = new DateOnly(thisMonth.Year, thisMonth.Month, 15).AddMonths(-1);
        var appraised = Now.AddDays(-30);
        var owner = new PropertyOwner(customer, PersonFacts.Unknown, null);
        FeedRecord[] records =
        [
            new ProvidentFundContribution
            {
                RecordId = "PF-1", Period = thisMonth.AddMonths(-1), Employer = new Employer("某公司", "91350100M000100Y43", EmployerSector.Private),
                ContributionBase = 20_000m, EmployeeRate = 0.07m, EmployerRate = 0.07m, Status = ContributionStatus.Normal, Balance = 1_000m,
            },
            Registry("R-1", PropertyEventType.Transfer, owner, Now.AddYears(-3)) with { Price = 2_500_000m },
            Registry("R-2", PropertyEventType.Appraisal, owner, appraised) with { AppraisedValue = 3_000_000m },
            new MortgageAccount
            {
                RecordId = "M-1", AccountId = "M-1", PropertyId = "P-1", Principal = 1_000_000m, Balance = 800_000m, AnnualRate = 0.031m,
                TermMonths = 300, StartDate = new DateOnly(thisMonth.Year, thisMonth.Month, 15).AddMonths(-60), Status = MortgageStatus.Active,
            },
            new MortgageRepayment { RecordId = "I-1", AccountId = "M-1", DueDate = lastDue, PaidDate = lastDue, AmountDue = 4_476.94m, AmountPaid = 4_476.94m, DaysPastDue = 0 },
            new RiskAssessment { RecordId = "RA-1", Appetite = RiskAppetite.Balanced, AssessedAt = Now.AddDays(-60), ValidUntil = Today.AddYears(1) },
        ];
        var store = host.Get<IProfileStore>();
        var settings = host.Get<RuleCatalog>().Tags;
        var profile = CustomerProfile.Empty(customer);
        foreach (var record in records)
        {
            profile = ProfileFolder.Fold(profile, record with { CustomerKey = customer, EvidenceHash = $"ev-{customer}-{record.RecordId}" }, Now, settings).Profile;
        }

        await store.SaveAsync(profile, null, CancellationToken.None);
        return appraised;
    }

    private static PropertyRegistryEvent Registry(string id, PropertyEventType type, PropertyOwner owner, DateTimeOffset at) => new()
    {
        RecordId = id, EventType = type, CertificateNo = "沪(2023)不动产权第0000001号", PropertyId = "P-1", Owners = [owner], City = "上海",
        CityTier = CityTier.ProvincialCapitalOrAbove, AreaSqm = 90m, RegisteredAt = at,
    };

    private static async Task SeedExposureAndWindowsAsync(RunningHost host, string customer)
    {
        var exposure = host.Get<IExposureStore>();
        await exposure.SetBalanceAsync(customer, ExposureKind.Consumer, 100_000m, Now, CancellationToken.None);
        var held = await exposure.TryPlaceHoldAsync(new HoldRequest(customer, [], "d-1", 50_000m, 500_000m, Now, Now.AddDays(30)), CancellationToken.None);
        Assert.Equal(HoldStatus.Placed, held.Status);

        var catalog = host.Get<RuleCatalog>();
        var windows = host.Get<IWindowStore>();
        foreach (var (rule, category) in new[] { ("HomeEquity", RuleCategory.Marketing), ("IncomeRisk", RuleCategory.Risk) })
        {
            await windows.TryAddAsync(
                new Window
                {
                    WindowId = Window.IdFor(customer, rule, "zone"), CustomerKey = customer, RuleId = rule, Category = category, Anchor = "zone",
                    CatalogVersion = catalog.Version, OpensAt = Now.AddDays(-1), ClosesAt = Now.AddDays(60), Priority = 1, CoolOffDays = 30,
                    CandidateOffers = catalog.Rule(rule).Offers, Evidence = ["ev"], Reasons = [catalog.Rule(rule).Reason],
                },
                CancellationToken.None);
        }
    }

    private static async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)> GetAsync(RunningHost host, string customerKey)
    {
        using var response = await host.Http.GetAsync($"/api/customers/{customerKey}/mortgage-zone");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, document.RootElement.Clone());
    }

    private static decimal Pow(decimal x, int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++)
        {
            result *= x;
        }

        return result;
    }
}
