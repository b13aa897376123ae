using System.Globalization;
using System.Text.Json.Nodes;
using LifeWindow.Domain.Credit;
using LifeWindow.Domain.Identity;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Tokenization;
using LifeWindow.Integration.Webhooks;
using LifeWindow.Sandbox.Partners;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// The bank's loan ledger and credit lists reach the credit decision the way every feed does: signed webhooks to
/// POST /api/feeds/bank, the stream, the fold into the profile; then a decision on the real DTFx engine reads them.
/// </summary>
public sealed partial class CreditDecisionOrchestratorTests
{
    private static string IdNumber(string first17) => first17 + ResidentIdNumber.CheckCharacter(first17);

    private string KeyOf(string idNumber)
    {
        Assert.True(ResidentIdNumber.TryParse(idNumber, BusinessClock.Today(TimeProvider.System), out var id, out var error), error);
        return host.Get<CustomerKeyTokenizer>().CustomerKey(id!);
    }

    /// <summary>Sends one bank record as the core banking system does, and waits until the consumer has folded it.</summary>
    private async Task SendAsync(string type, JsonObject data)
    {
        var bank = new WebhookSender(host.Http, host.Get<IOptions<WebhookOptions>>().Value.Partners["core_banking"].Secrets[0], TimeProvider.System);
        using var response = await bank.SendAsync("/api/feeds/bank", "msg-" + data["recordId"], WebhookSender.Envelope(type, data, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(30));
    }

    private static JsonObject Loan(string idNumber, string recordId, decimal balance, decimal monthlyPayment, int daysPastDue) => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = recordId,
        ["idNumber"] = idNumber,
        ["accountId"] = "CL-" + recordId,
        ["kind"] = "Consumer",
        ["principal"] = 400_000m,
        ["balance"] = balance,
        ["monthlyPayment"] = monthlyPayment,
        ["daysPastDue"] = daysPastDue,
        ["status"] = "Active",
        ["asOf"] = BusinessClock.Today(TimeProvider.System).AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static JsonObject Listing(string idNumber, string recordId, string action, int hoursAgo) => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = recordId,
        ["idNumber"] = idNumber,
        ["list"] = "Fraud",
        ["action"] = action,
        ["reason"] = action == "Add" ? "申请资料伪造" : "复核后解除",
        ["source"] = "anti-fraud team",
        ["at"] = DateTimeOffset.UtcNow.AddHours(-hoursAgo).ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// An applicant whose mortgage alone leaves DTI at 20% also owes a consumer loan (12,000 a month, 45 days late,
    /// 300,000 outstanding): DTI counts both debts (60%), the arrears count as days past due, and the balance is their
    /// consumer exposure. Declined for DTI and overdue.
    /// </summary>
    [Fact]
    public async Task Decision_ConsumerLoanFromTheLedger_CountsInDtiArrearsAndExposure()
    {
        var idNumber = IdNumber("31010419850301002");
        var customer = KeyOf(idNumber);
        await CreditHarness.SeedAsync(host, customer);
        var clean = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-before-loan", customer, 100_000m));
        Assert.Equal(CreditOutcome.Approve, clean.Outcome);

        await SendAsync("bank.loan-account", Loan(idNumber, "CB-LA-1", balance: 300_000m, monthlyPayment: 12_000m, daysPastDue: 45));
        var result = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-after-loan", customer, 100_000m));

        Assert.Equal(CreditOutcome.Decline, result.Outcome);
        Assert.Contains(CreditReasons.Dti, result.ReasonCodes);
        Assert.Contains(CreditReasons.Overdue, result.ReasonCodes);
        Assert.Equal(300_000m, (await host.Get<IExposureStore>().GetAsync(customer, CancellationToken.None)).Consumer);
    }

    /// <summary>Put on the fraud list: declined as listed; taken off again (a later entry): no longer.</summary>
    [Fact]
    public async Task Decision_FraudListEntryAddedThenRemoved_DeclinedThenNotListed()
    {
        var idNumber = IdNumber("31010419850301003");
        var customer = KeyOf(idNumber);
        await CreditHarness.SeedAsync(host, customer);

        await SendAsync("bank.list-entry", Listing(idNumber, "CB-LE-1", "Add", hoursAgo: 2));
        var listed = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-listed", customer, 100_000m));
        await SendAsync("bank.list-entry", Listing(idNumber, "CB-LE-2", "Remove", hoursAgo: 1));
        var cleared = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-cleared", customer, 100_000m));

        Assert.Equal(CreditOutcome.Decline, listed.Outcome);
        Assert.Equal(CreditReasons.Blacklist, listed.ReasonCodes[0]);
        Assert.DoesNotContain(CreditReasons.Blacklist, cleared.ReasonCodes);
    }
}
