using LifeWindow.Domain.Windows;

namespace LifeWindow.Tests.Shared;

/// <summary>Windows for tests that need one without running the detector.</summary>
public static class SampleWindows
{
    /// <summary>An open LumpSumInflow window (one R1 wealth offer, suitable without a risk assessment), a week long from now.</summary>
    public static Window LumpSum(string customer) => new()
    {
        WindowId = Window.IdFor(customer, "LumpSumInflow", "2026-11"),
        CustomerKey = customer,
        RuleId = "LumpSumInflow",
        Anchor = "2026-11",
        CatalogVersion = "v1",
        OpensAt = DateTimeOffset.UtcNow,
        ClosesAt = DateTimeOffset.UtcNow.AddDays(7),
        Priority = 65,
        CoolOffDays = 30,
        CandidateOffers = ["WealthOutreach"],
        Evidence = ["e1"],
        Reasons = ["近期有大额资金转入"],
    };
}
