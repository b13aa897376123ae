namespace LifeWindow.Domain.Tests.Backtests;

public class WindowReplayTests
{
    private static readonly (DateTimeOffset From, DateTimeOffset To) Year2026 = BusinessDays.Range(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

    [Fact]
    public void Replay_RaiseRecordedOnADay_OpensOneWindowAtThatDaysEnd()
    {
        var history = Histories.RaiseInJanuary("k1-a", 12000m);

        var window = Assert.Single(WindowReplay.Instance.Replay(history.CustomerKey, history.Facts, Histories.Catalog, Year2026.From, Year2026.To));

        Assert.Equal("IncomeUpgrade", window.RuleId);
        Assert.Equal("2026-01", window.Anchor);
        Assert.Equal(new DateTimeOffset(2026, 2, 12, 23, 59, 59, TimeSpan.FromHours(8)), window.OpensAt);
        Assert.Equal(window.OpensAt.AddDays(30), window.ClosesAt);
        Assert.Equal(WindowState.Expired, window.State);
    }

    [Fact]
    public void Replay_ConditionHoldsForMonths_OpensTheWindowOnce()
    {
        var history = Histories.Monthly("k1-a", new YearMonth(2025, 1), [.. Enumerable.Repeat(10000m, 12), .. Enumerable.Repeat(13000m, 6)]);

        var windows = WindowReplay.Instance.Replay(history.CustomerKey, history.Facts, Histories.Catalog, Year2026.From, Year2026.To);

        Assert.Equal("2026-01", Assert.Single(windows).Anchor);
    }

    [Fact]
    public void Replay_WindowOpenedBeforeTheRange_IsNotReportedNorOpenedAgain()
    {
        var history = Histories.Monthly("k1-a", new YearMonth(2025, 1), [.. Enumerable.Repeat(10000m, 12), .. Enumerable.Repeat(13000m, 6)]);
        var (from, to) = BusinessDays.Range(new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 31));

        Assert.Empty(WindowReplay.Instance.Replay(history.CustomerKey, history.Facts, Histories.Catalog, from, to));
    }

    [Fact]
    public void Replay_FactRecordedAfterTheRange_IsNotSeen()
    {
        var history = Histories.RaiseInJanuary("k1-a", 12000m);
        var (from, to) = BusinessDays.Range(new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 11));

        Assert.Empty(WindowReplay.Instance.Replay(history.CustomerKey, history.Facts, Histories.Catalog, from, to));
    }

    [Fact]
    public void Replay_FactsInAnyOrder_GiveTheSameWindows()
    {
        var history = Histories.RaiseInJanuary("k1-a", 12500m);
        var shuffled = history.Facts.Reverse().ToList();

        Assert.Equal(
            WindowReplay.Instance.Replay("k1-a", history.Facts, Histories.Catalog, Year2026.From, Year2026.To).Select(w => (w.WindowId, w.OpensAt)),
            WindowReplay.Instance.Replay("k1-a", shuffled, Histories.Catalog, Year2026.From, Year2026.To).Select(w => (w.WindowId, w.OpensAt)));
    }

    [Fact]
    public void Replay_NoFacts_OpensNothing() =>
        Assert.Empty(WindowReplay.Instance.Replay("k1-a", [], Histories.Catalog, Year2026.From, Year2026.To));

    [Fact]
    public void Range_WholeBusinessDays_AreShanghaiMidnightToLastSecond()
    {
        var (from, to) = BusinessDays.Range(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31));
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 16, 0, 0, TimeSpan.Zero), from.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 15, 59, 59, TimeSpan.Zero), to.ToUniversalTime());
    }
}
