using LifeWindow.Domain.Time;
using LifeWindow.Integration.Tokenization;

namespace LifeWindow.Functions.Tests;

/// <summary>GET /api/customers/{customerKey}/consents: every accepted consent record, oldest first, and what is in force now.</summary>
public sealed class ConsentLedgerApiTests : IAsyncLifetime
{
    private static readonly string IdNumber = "31011519850315002" + ResidentIdNumber.CheckCharacter("31011519850315002");
    private static readonly DateTimeOffset Earlier = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(-5), BusinessClock.Zone);

    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Consents_GrantedThenWithdrawnForOneSource_HistoryHasBothAndTheWithdrawalIsInForce()
    {
        await SendAsync(Consent("CS-L-1", "Marketing", "ProvidentFund", "Granted", Earlier), "msg_ledger_1");
        await SendAsync(Consent("CS-L-2", "Marketing", "Tax", "Granted", Earlier.AddHours(1)), "msg_ledger_2");
        await SendAsync(Consent("CS-L-3", "Marketing", "ProvidentFund", "Withdrawn", Earlier.AddDays(2)), "msg_ledger_3");
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
        Assert.True(ResidentIdNumber.TryParse(IdNumber, BusinessClock.Today(TimeProvider.System), out var id, out _));
        var key = host.Get<CustomerKeyTokenizer>().CustomerKey(id!);

        var ledger = await host.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/customers/{key}/consents", UriKind.Relative));

        Assert.Equal(key, ledger.GetProperty("customerKey").GetString());
        Assert.Equal(["CS-L-1", "CS-L-2", "CS-L-3"], ledger.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("recordId").GetString()));
        var inForce = ledger.GetProperty("inForceNow").EnumerateArray().ToDictionary(e => e.GetProperty("source").GetString()!, e => e.GetProperty("action").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["ProvidentFund"] = "Withdrawn", ["Tax"] = "Granted" }, inForce);
        Assert.DoesNotContain(IdNumber, ledger.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consents_UnknownCustomerAndBadKey_EmptyLedgerAnd400()
    {
        var empty = await host.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/customers/k1-nobody/consents", UriKind.Relative));
        Assert.Empty(empty.GetProperty("history").EnumerateArray());
        using var bad = await host.Http.GetAsync(new Uri("/api/customers/bad%20key!/consents", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private async Task SendAsync(JsonObject data, string webhookId)
    {
        using var response = await SignedRequests.Partner(host, "bank_app").SendAsync("/api/feeds/consent", webhookId, SignedRequests.Envelope(data, "consent.record"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static JsonObject Consent(string recordId, string purpose, string source, string action, DateTimeOffset at) => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = recordId,
        ["idNumber"] = IdNumber,
        ["purpose"] = purpose,
        ["source"] = source,
        ["action"] = action,
        ["evidenceId"] = "esign-" + recordId,
        ["at"] = at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
    };
}
