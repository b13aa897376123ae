using System.Globalization;
using System.Text.Json.Nodes;
using LifeWindow.Demo;

namespace LifeWindow.EndToEnd.Tests.Reliability;

/// <summary>One signed webhook of a fault test, with the evidence hash its record gets in the fact log.</summary>
internal sealed record SignedRecord(string Partner, string Path, string WebhookId, string Body, string Evidence);

/// <summary>N synthetic customers: each a marketing consent, then a 25万 inflow yesterday (LumpSumInflow).</summary>
internal sealed record Population(IReadOnlyList<SignedRecord> Consents, IReadOnlyList<SignedRecord> Transfers)
{
    public static Dictionary<string, string> PartnerSecrets()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        return settings.RootElement.GetProperty("Webhooks").GetProperty("Partners").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("Secrets")[0].GetString()!, StringComparer.Ordinal);
    }

    public static Population Create(int customers, int seed)
    {
        var random = new Random(seed);
        var now = DateTimeOffset.UtcNow;
        var consents = new List<SignedRecord>();
        var transfers = new List<SignedRecord>();
        for (var i = 0; i < customers; i++)
        {
            var birth = new DateOnly(random.Next(1978, 1996), random.Next(1, 13), random.Next(1, 29));
            var id = SyntheticIdentities.ResidentId(random, "310115", birth, female: random.Next(2) == 0);
            var tag = string.Create(CultureInfo.InvariantCulture, $"{seed}-{i:D4}");
            consents.Add(Sign("bank_app", DemoRunner.ConsentFeedPath, InflowSamples.ConsentType, "consent-" + tag, InflowSamples.Consent(id, tag, now), now));
            transfers.Add(Sign(DemoRunner.BankPartner, DemoRunner.BankFeedPath, InflowSamples.InflowType, "transfer-" + tag, InflowSamples.Inflow(id, tag, now), now));
        }

        return new Population(consents, transfers);
    }

    private static SignedRecord Sign(string partner, string path, string type, string webhookId, JsonObject data, DateTimeOffset now)
    {
        var body = WebhookSender.Envelope(type, data, now);
        using var document = JsonDocument.Parse(body);
        return new SignedRecord(partner, path, webhookId, body, CustomerKeyTokenizer.EvidenceHash(document.RootElement.GetProperty("data").GetRawText()));
    }
}
