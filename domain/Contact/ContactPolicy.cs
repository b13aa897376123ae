namespace LifeWindow.Domain.Contact;

/// <summary>The bank's contact rules (PIPL-minded); every number is policy, versioned.</summary>
public sealed record ContactPolicy
{
    public static readonly ContactPolicy Default = new();

    public string Version { get; init; } = "contact-v1";

    /// <summary>No delivery from this time of day (Asia/Shanghai)…</summary>
    public TimeOnly QuietFrom { get; init; } = new(21, 0);

    /// <summary>…until this time (the next morning when it is earlier than <see cref="QuietFrom"/>). Equal to QuietFrom: no quiet hours.</summary>
    public TimeOnly QuietUntil { get; init; } = new(9, 0);

    public int MaxMarketingContacts { get; init; } = 2;

    public int MarketingContactDays { get; init; } = 30;

    public int MaxContactsPerProduct { get; init; } = 1;

    public int ProductContactDays { get; init; } = 90;

    public int DeclineCoolOffDays { get; init; } = 180;
}
