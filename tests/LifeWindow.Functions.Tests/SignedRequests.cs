using LifeWindow.Sandbox.Partners;

namespace LifeWindow.Functions.Tests;

/// <summary>Builds signed partner requests against a running host, using the partner secrets it is configured with.</summary>
internal static class SignedRequests
{
    public static WebhookSender Partner(RunningHost host, string partner) =>
        new(host.Http, host.Get<IOptions<WebhookOptions>>().Value.Partners[partner].Secrets[0], TimeProvider.System);

    public static JsonObject Contribution(string recordId = "GJJ-310000-202610-000001", string? idNumber = null)
    {
        var first17 = "31010419880512003";
        return new JsonObject
        {
            ["schemaVersion"] = 1,
            ["recordId"] = recordId,
            ["idNumber"] = idNumber ?? first17 + ResidentIdNumber.CheckCharacter(first17),
            ["period"] = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture),
            ["employer"] = new JsonObject { ["name"] = "上海某科技有限公司", ["uscc"] = "91350100M000100Y43", ["sector"] = "Private" },
            ["contributionBase"] = 18600.00m,
            ["employeeRate"] = 0.07m,
            ["employerRate"] = 0.07m,
            ["status"] = "Normal",
            ["balance"] = 156000.00m,
        };
    }

    public static string Envelope(JsonNode data, string type = "provident-fund.contribution") => WebhookSender.Envelope(type, data, DateTimeOffset.UtcNow);

    public static HttpContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");
}
