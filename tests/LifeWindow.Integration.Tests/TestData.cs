namespace LifeWindow.Integration.Tests;

internal static class TestData
{
    public static readonly DateOnly Today = new(2026, 11, 24);
    public static readonly string IdNumber = WithCheck("31010419880512003");
    public static readonly string Uscc = "91350100M000100Y43";

    public static string WithCheck(string first17) => first17 + ResidentIdNumber.CheckCharacter(first17);

    public static CustomerKeyTokenizer Tokenizer(string pepper = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", params string[] local) =>
        new(Options.Create(new IdentityOptions { PepperKeyId = "k1", Pepper = pepper, LocalRegionPrefixes = local.Length == 0 ? ["3101"] : [.. local] }));

    public static JsonObject Contribution() => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = "GJJ-310000-202610-000001",
        ["idNumber"] = IdNumber,
        ["period"] = "2026-10",
        ["employer"] = new JsonObject { ["name"] = "上海某科技有限公司", ["uscc"] = Uscc, ["sector"] = "Private" },
        ["contributionBase"] = 18600.00m,
        ["employeeRate"] = 0.07m,
        ["employerRate"] = 0.07m,
        ["status"] = "Normal",
        ["balance"] = 156000.00m,
        ["reportedAt"] = "2026-11-01T02:00:00+08:00",
    };
}
