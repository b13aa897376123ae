using System.Globalization;
using System.Text.Json.Nodes;

namespace LifeWindow.Sandbox.Partners;

/// <summary>
/// The records of the simplest life event, for load and fault runs: a customer's marketing consent (through the bank's
/// app, for the provident-fund source), then a 25万 cross-bank inflow yesterday, which opens LumpSumInflow.
/// </summary>
public static class InflowSamples
{
    public const string ConsentType = "consent.record";
    public const string InflowType = "bank.large-transfer";

    public static JsonObject Consent(string idNumber, string tag, DateTimeOffset now) => new()
    {
        ["schemaVersion"] = 1, ["recordId"] = "CS-" + tag, ["idNumber"] = idNumber, ["purpose"] = "Marketing", ["source"] = "ProvidentFund",
        ["action"] = "Granted", ["evidenceId"] = "esign-" + tag, ["at"] = now.AddDays(-60).ToString("O", CultureInfo.InvariantCulture),
    };

    public static JsonObject Inflow(string idNumber, string tag, DateTimeOffset now) => new()
    {
        ["schemaVersion"] = 1, ["recordId"] = "LT-" + tag, ["idNumber"] = idNumber, ["direction"] = "In", ["amount"] = 250_000.00m,
        ["counterpartyType"] = "CrossBank", ["at"] = now.AddDays(-1).ToString("O", CultureInfo.InvariantCulture),
    };
}
