namespace LifeWindow.Orchestrations.Tests;

/// <summary>The policy is bound from Policies:IncomeVerification with defaults and checked when the host starts.</summary>
public sealed class IncomeVerificationPolicyTests
{
    [Fact]
    public async Task Policy_NotConfigured_Defaults()
    {
        await using var host = await RunningHost.StartAsync();

        var policy = host.Get<IOptions<IncomeVerificationPolicy>>().Value;

        Assert.Equal(new IncomeVerificationPolicy(), policy);
        Assert.Equal(30m, policy.MaxDiscrepancyPct);
        Assert.Equal(TimeSpan.FromDays(7), policy.DocumentsTimeout);
        Assert.Equal(12, policy.LookbackMonths);
    }

    [Fact]
    public async Task Policy_Configured_BoundFromTheSection()
    {
        await using var host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Policies:IncomeVerification:Version"] = "2027-01",
            ["Policies:IncomeVerification:MaxDiscrepancyPct"] = "25.5",
            ["Policies:IncomeVerification:ReviewTimeout"] = "1.12:00:00",
        });

        var policy = host.Get<IOptions<IncomeVerificationPolicy>>().Value;

        Assert.Equal("2027-01", policy.Version);
        Assert.Equal(25.5m, policy.MaxDiscrepancyPct);
        Assert.Equal(TimeSpan.FromHours(36), policy.ReviewTimeout);
    }

    [Fact]
    public async Task Policy_Invalid_HostDoesNotStart()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Policies:IncomeVerification:MaxDiscrepancyPct"] = "-1",
            ["Policies:IncomeVerification:DocumentRequests"] = "0",
        }));

        Assert.Contains("MaxDiscrepancyPct", error.Message, StringComparison.Ordinal);
        Assert.Contains("DocumentRequests", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferPolicy_Invalid_HostDoesNotStartAndSaysWhy()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => RunningHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Policies:Offer:Contact:MarketingContactDays"] = "0",
            ["Policies:Offer:Compliance:WealthDisclosure"] = " ",
        }));

        Assert.Contains("Policies:Offer:Contact:MarketingContactDays must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("WealthDisclosure", error.Message, StringComparison.Ordinal);

        // The bad values were bound to that host's policy only, not to the shared defaults.
        Assert.Equal(30, LifeWindow.Domain.Contact.ContactPolicy.Default.MarketingContactDays);
        Assert.False(string.IsNullOrWhiteSpace(LifeWindow.Domain.Compliance.CompliancePolicy.Default.WealthDisclosure));
    }
}
