namespace LifeWindow.Domain.Backtests;

/// <summary>Business-day boundaries (Asia/Shanghai) for backtest ranges and evaluation points, to the second.</summary>
public static class BusinessDays
{
    /// <summary>00:00:00 of <paramref name="day"/> in the business time zone.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, BusinessClock.Zone.GetUtcOffset(local));
    }

    /// <summary>23:59:59 of <paramref name="day"/> in the business time zone: the moment a day's records are evaluated.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => StartOf(day.AddDays(1)).AddSeconds(-1);

    /// <summary>A range of whole business days: from the start of <paramref name="from"/> to the end of <paramref name="to"/>.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Range(DateOnly from, DateOnly to) => (StartOf(from), EndOf(to));
}
