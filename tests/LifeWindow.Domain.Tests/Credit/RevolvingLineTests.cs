namespace LifeWindow.Domain.Tests.Credit;

public sealed class RevolvingLineTests
{
    private static readonly DateOnly Opened = new(2026, 1, 1);

    [Fact]
    public void Draw_AccruesDailyInterestAt360DayYear()
    {
        var line = new RevolvingLine(300_000m, 3.6m, Opened, 12, 36);
        line.Draw(Opened, 100_000m);
        line.AccrueTo(Opened.AddDays(30));

        Assert.Equal(300m, line.InterestDue); // 100,000 × 3.6% / 360 × 30
        Assert.Equal(200_000m, line.Available);
    }

    [Fact]
    public void Repay_PaysInterestFirstThenPrincipal_AndTheLimitRevolves()
    {
        var line = new RevolvingLine(300_000m, 3.6m, Opened, 12, 36);
        line.Draw(Opened, 100_000m);

        var principal = line.Repay(Opened.AddDays(30), 50_300m);

        Assert.Equal(50_000m, principal);
        Assert.Equal(0m, line.InterestDue);
        Assert.Equal(50_000m, line.Outstanding);
        line.Draw(Opened.AddDays(31), 250_000m);
        Assert.Equal(0m, line.Available);
    }

    [Fact]
    public void Draw_BeyondTheLimitOrAfterTheInterestOnlyPeriod_IsRefused()
    {
        var line = new RevolvingLine(100_000m, 4m, Opened, 12, 36);
        Assert.Throws<InvalidOperationException>(() => line.Draw(Opened, 100_000.01m));
        Assert.Throws<InvalidOperationException>(() => line.Draw(Opened.AddMonths(12), 1m));
    }

    [Fact]
    public void Repay_MoreThanOwed_IsRefused()
    {
        var line = new RevolvingLine(100_000m, 4m, Opened, 12, 36);
        line.Draw(Opened, 1_000m);
        Assert.Throws<InvalidOperationException>(() => line.Repay(Opened, 1_000.01m));
    }

    [Fact]
    public void Schedule_InterestOnlyThenEqualPrincipal_RepaysExactly()
    {
        var line = new RevolvingLine(300_000m, 3.48m, Opened, 12, 36);
        line.Draw(Opened, 100_000m);

        var schedule = line.Schedule(Opened);

        Assert.Equal(48, schedule.Count);
        Assert.All(schedule.Take(12), p => Assert.Equal((0m, 290m), (p.Principal, p.Interest))); // 100,000 × 3.48% / 12
        Assert.Equal(2_777.78m, schedule[12].Principal);
        Assert.Equal(290m, schedule[12].Interest);
        Assert.Equal(100_000m, schedule.Sum(p => p.Principal));
        Assert.Equal(0m, schedule[^1].BalanceAfter);
        Assert.Equal(line.Matures, schedule[^1].DueDate);
        Assert.True(schedule.Skip(13).All(p => p.Interest < 290m));
    }

    [Fact]
    public void Schedule_FromInsideThePrincipalPhase_SpreadsTheBalanceOverWhatIsLeft()
    {
        var line = new RevolvingLine(120_000m, 0m, Opened, 12, 12);
        line.Draw(Opened, 120_000m);

        var schedule = line.Schedule(Opened.AddMonths(18));

        Assert.Equal(6, schedule.Count);
        Assert.All(schedule, p => Assert.Equal(20_000m, p.Principal));
    }
}
