namespace LifeWindow.Domain.Time;

/// <summary>The bank's business time zone (Asia/Shanghai): month boundaries and quiet hours are judged there; storage is UTC.</summary>
public static class BusinessClock
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);

    public static DateOnly ToBusinessDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
}
