using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LifeWindow.Domain.CustomerTools;

namespace LifeWindow.LocalHost.Tests;

/// <summary>The customer tools on a running local host, over HTTP: the worked examples of docs/customer-tools.md, bad input answered as one problem, and every request of samples/customer-tools.http.</summary>
public sealed class CustomerToolsEndpointTests
{
    [Fact]
    public async Task Simulate_SeedExample_AnswersTheScheduleThePrepaymentAgainstInvestingAndTheRefinance()
    {
        await using var host = await RunningHost.StartAsync();
        var (status, body) = await PostAsync(host, new JsonObject
        {
            ["principal"] = 500000,
            ["annualRatePct"] = 3.1,
            ["months"] = 180,
            ["method"] = "EqualInstalment",
            ["prepayment"] = new JsonObject { ["afterMonth"] = 0, ["amount"] = 100000, ["mode"] = "LowerPayment", ["investAnnualYieldPct"] = 4.5 },
            ["refinance"] = new JsonObject { ["afterMonth"] = 12, ["newAnnualRatePct"] = 2.6, ["fees"] = 3000 },
            ["includeSchedule"] = true,
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var terms = new MortgageTerms(500_000m, 3.1m, 180, RepaymentMethod.EqualInstalment);
        var schedule = MortgageSimulator.Schedule(terms);
        Assert.Equal(schedule.FirstPayment, body.GetProperty("schedule").GetProperty("firstPayment").GetDecimal());
        Assert.Equal(schedule.TotalInterest, body.GetProperty("schedule").GetProperty("totalInterest").GetDecimal());
        Assert.Equal(180, body.GetProperty("schedule").GetProperty("payments").GetArrayLength());
        Assert.Equal(0m, body.GetProperty("schedule").GetProperty("payments")[179].GetProperty("balance").GetDecimal());

        var choice = MortgageSimulator.Compare(terms, 0, 100_000m, PrepaymentMode.LowerPayment, 4.5m);
        var prepayment = body.GetProperty("prepayment");
        Assert.Equal(choice.Prepayment.After.FirstPayment, prepayment.GetProperty("newFirstPayment").GetDecimal());
        Assert.Equal(choice.Prepayment.InterestSaved, prepayment.GetProperty("interestSaved").GetDecimal());
        Assert.Equal(choice.InvestmentGain, prepayment.GetProperty("invest").GetProperty("investmentGain").GetDecimal());
        Assert.False(prepayment.GetProperty("invest").GetProperty("prepayIsBetter").GetBoolean());

        var refinance = MortgageSimulator.Refinance(terms, 12, 2.6m, 3_000m);
        Assert.Equal(refinance.NetSaving, body.GetProperty("refinance").GetProperty("netSaving").GetDecimal());
        Assert.Equal(refinance.BreakEvenMonth, body.GetProperty("refinance").GetProperty("breakEvenMonth").GetInt32());
    }

    [Fact]
    public async Task Simulate_BadFields_AnswersOneProblemNamingEach()
    {
        await using var host = await RunningHost.StartAsync();
        var (status, body) = await PostAsync(host, new JsonObject
        {
            ["principal"] = -1,
            ["annualRatePct"] = 3.1,
            ["months"] = 400,
            ["method"] = "Balloon",
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("body.principal", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("body.months", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("body.method", out _), errors.ToString());

        var (tooMuch, problem) = await PostAsync(host, new JsonObject
        {
            ["principal"] = 100000,
            ["annualRatePct"] = 3.1,
            ["months"] = 120,
            ["method"] = "EqualPrincipal",
            ["prepayment"] = new JsonObject { ["afterMonth"] = 0, ["amount"] = 100000, ["mode"] = "ShortenTerm" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch);
        Assert.Contains("owed", problem.GetProperty("errors").GetProperty("body.prepayment.amount")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReverseMortgage_SeedExample_AnswersTheEstimateAndRefusesBadFields()
    {
        await using var host = await RunningHost.StartAsync();
        var (status, body) = await PostAsync(host, new JsonObject
        {
            ["propertyValue"] = 3000000,
            ["age"] = 65,
            ["years"] = 20,
            ["annualRatePct"] = 4.0,
            ["appreciationPct"] = 1.5,
            ["monthlyPayout"] = 5000,
        }, "/api/tools/reverse-mortgage");

        Assert.Equal(HttpStatusCode.OK, status);
        var estimate = ReverseMortgage.Estimate(new ReverseMortgageTerms(3_000_000m, 65, 20, 4.0m, 1.5m), 5_000m);
        Assert.Equal(estimate.MaxMonthlyPayout, body.GetProperty("maxMonthlyPayout").GetDecimal());
        Assert.Equal(estimate.DebtAtEnd, body.GetProperty("debtAtEnd").GetDecimal());
        Assert.Equal(50m, body.GetProperty("loanToValuePct").GetDecimal());
        Assert.True(body.GetProperty("withinCap").GetBoolean());

        var (refused, problem) = await PostAsync(host, new JsonObject { ["propertyValue"] = 3000000, ["age"] = 40, ["years"] = 20 }, "/api/tools/reverse-mortgage");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body.age", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("body.annualRatePct", out _));
    }

    [Fact]
    public async Task EducationLoan_SeedExample_AnswersTheDrawsAndTheRepaymentAndNamesBadStages()
    {
        await using var host = await RunningHost.StartAsync();
        var stages = new JsonArray
        {
            new JsonObject { ["stage"] = "Undergraduate", ["fromMonth"] = 0, ["years"] = 4, ["yearlyAmount"] = 60000 },
            new JsonObject { ["stage"] = "Postgraduate", ["fromMonth"] = 48, ["years"] = 3, ["yearlyAmount"] = 50000 },
        };
        var (status, body) = await PostAsync(host, new JsonObject { ["limit"] = 500000, ["annualRatePct"] = 3.6, ["termMonths"] = 120, ["stages"] = stages }, "/api/tools/education-loan");

        Assert.Equal(HttpStatusCode.OK, status);
        var outcome = EducationReserveLoan.Simulate(500_000m, 3.6m, 120, [new("Undergraduate", 0, 4, 60_000m), new("Postgraduate", 48, 3, 50_000m)]);
        Assert.Equal(7, body.GetProperty("draws").GetArrayLength());
        Assert.Equal(outcome.InterestWhileDrawing, body.GetProperty("interestWhileDrawing").GetDecimal());
        Assert.Equal(outcome.Repayment.FirstPayment, body.GetProperty("monthlyRepayment").GetDecimal());
        Assert.Equal(outcome.InterestSavedByStaging, body.GetProperty("interestSavedByStaging").GetDecimal());

        var (refused, problem) = await PostAsync(host, new JsonObject
        {
            ["limit"] = 300000,
            ["annualRatePct"] = 3.6,
            ["termMonths"] = 120,
            ["stages"] = new JsonArray { new JsonObject { ["stage"] = "Undergraduate", ["fromMonth"] = 0, ["years"] = 4, ["yearlyAmount"] = 100000 }, new JsonObject { ["stage"] = "Postgraduate", ["years"] = 0 } },
        }, "/api/tools/education-loan");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("body.stages[1].fromMonth", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("body.stages[1].years", out _), errors.ToString());
    }

    [Fact]
    public async Task WealthHealth_StretchedCustomer_AnswersTheScoreItsPartsAndNoProductYet()
    {
        await using var host = await RunningHost.StartAsync();
        var (status, body) = await PostAsync(host, new JsonObject
        {
            ["monthlyIncome"] = 20000, ["monthlyExpenses"] = 10000, ["liquidAssets"] = 20000, ["investedAssets"] = 50000, ["riskyAssets"] = 30000,
            ["propertyValue"] = 2000000, ["mortgageBalance"] = 1700000, ["otherDebts"] = 50000, ["monthlyDebtPayments"] = 11000, ["riskAppetite"] = "Cautious",
        }, "/api/tools/wealth-health");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(31, body.GetProperty("score").GetInt32());
        Assert.Equal("需改善", body.GetProperty("grade").GetString());
        Assert.Equal(5, body.GetProperty("components").GetArrayLength());
        Assert.Equal(0, body.GetProperty("products").GetArrayLength());

        var (refused, problem) = await PostAsync(host, new JsonObject { ["monthlyIncome"] = 20000, ["investedAssets"] = 1000, ["riskyAssets"] = 5000, ["riskAppetite"] = "Reckless" }, "/api/tools/wealth-health");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("body.riskyAssets", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("body.riskAppetite", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("body.monthlyExpenses", out _), errors.ToString());
    }

    /// <summary>samples/customer-tools.http as a client sends it: every request answered 200, but those that say they are bad input, 400.</summary>
    [Fact]
    public async Task Samples_EveryRequestOfTheHttpFile_IsAnsweredAsItSays()
    {
        await using var host = await RunningHost.StartAsync();
        var blocks = File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "customer-tools.http"))
            .Split("###", StringSplitOptions.RemoveEmptyEntries)
            .Skip(1)
            .ToList();
        Assert.Equal(12, blocks.Count);
        foreach (var block in blocks)
        {
            var route = System.Text.RegularExpressions.Regex.Match(block, @"POST \{\{host\}\}(/api/tools/[a-z-]+)").Groups[1].Value;
            var body = block[block.IndexOf("\n{", block.IndexOf("Content-Type", StringComparison.Ordinal), StringComparison.Ordinal)..].Trim();
            using var response = await host.Http.PostAsync(route, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            var expected = block.Contains("Bad input", StringComparison.Ordinal) ? HttpStatusCode.BadRequest : HttpStatusCode.OK;
            Assert.True(expected == response.StatusCode, $"{block.Split('\n')[0].Trim()}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(RunningHost host, JsonObject request, string route = "/api/tools/mortgage")
    {
        using var response = await host.Http.PostAsJsonAsync(route, request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.Clone());
    }
}
