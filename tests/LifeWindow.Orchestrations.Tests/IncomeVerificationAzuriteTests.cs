using static LifeWindow.Orchestrations.Tests.IncomeVerificationTestData;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>Income verification on DurableTask.AzureStorage and Table storage against Azurite, across a host restart.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class IncomeVerificationAzuriteTests(AzuriteFixture azurite)
{
    private static Dictionary<string, string?> Settings(string prefix, string version, string documents, string review) => new()
    {
        ["Storage:TablePrefix"] = prefix,
        ["Durable:TaskHubName"] = prefix + "hub",
        ["Policies:IncomeVerification:Version"] = version,
        ["Policies:IncomeVerification:DocumentsTimeout"] = documents,
        ["Policies:IncomeVerification:ReviewTimeout"] = review,
    };

    [Fact]
    public async Task IncomeVerification_OnAzureStorage_Verified()
    {
        var prefix = AzuriteFixture.UniqueName("t");
        await using var host = await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString, Settings(prefix, "az-1", "00:05:00", "00:05:00"));
        await SaveProfileAsync(host, "k1-iva-1", SalariedWithBusiness());

        var started = await PostAsync(host, "/api/income-verifications", new { applicationId = "app-a1", customerKey = "k1-iva-1", declaredMonthlyIncome = 80_000m });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var result = await WaitForResultAsync(host, "iv-app-a1");

        Assert.Equal(IncomeVerificationOutcome.Verified, result.Outcome);
        Assert.Equal(77_500m, result.VerifiedMonthlyIncome);
        Assert.Equal("az-1", result.PolicyVersion);
    }

    /// <summary>
    /// Versioning: an instance started on policy v1 waits for documents; the host stops and a new one starts on
    /// the same task hub with policy v2 (review timeout 1 h instead of 2 s). The new host replays the stored
    /// history and the instance finishes on v1: its review round runs out after 2 s and the result names v1.
    /// </summary>
    [Fact]
    public async Task IncomeVerification_PolicyChangedWhileInFlight_InstanceKeepsItsStartingPolicy()
    {
        var prefix = AzuriteFixture.UniqueName("t");
        string round;
        await using (var before = await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString, Settings(prefix, "v1", "01:00:00", "00:00:02")))
        {
            await SaveProfileAsync(before, "k1-iva-2", Salaried());
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(before, "/api/income-verifications", new { applicationId = "app-a2", customerKey = "k1-iva-2", declaredMonthlyIncome = 30_000m })).StatusCode);
            var (_, status) = await WaitForStageAsync(before, "iv-app-a2", IncomeVerificationStages.AwaitingDocuments);
            round = status.RoundId!;
        }

        await using var after = await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString, Settings(prefix, "v2", "01:00:00", "01:00:00"));
        var documents = await PostAsync(after, "/api/workflows/iv-app-a2/documents", new { roundId = round, documentIds = new[] { "doc-1" }, submittedBy = "ops-1" });
        Assert.Equal(HttpStatusCode.Accepted, documents.StatusCode);

        var result = await WaitForResultAsync(after, "iv-app-a2");

        Assert.Equal(IncomeVerificationOutcome.ReviewTimedOut, result.Outcome);
        Assert.Equal("v1", result.PolicyVersion);
        Assert.Equal(["doc-1"], result.DocumentIds);
    }
}
