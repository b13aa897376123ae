namespace LifeWindow.Domain.Contact;

/// <summary>A lead we delivered (a contact), and how the customer answered.</summary>
public sealed record ContactRecord(DateTimeOffset At, string OfferId, OfferKind Kind, bool Marketing, bool Declined);

public enum ContactVerdict
{
    /// <summary>Deliver now.</summary>
    Allowed,

    /// <summary>Deliver at <see cref="ContactDecision.NotBefore"/> (quiet hours).</summary>
    Deferred,

    /// <summary>Do not contact; <see cref="ContactDecision.Reason"/> says why.</summary>
    Refused,
}

public sealed record ContactDecision(ContactVerdict Verdict, string Reason, DateTimeOffset? NotBefore = null);

/// <summary>
/// Whether the bank may contact a customer about an offer now: consent (a marketing contact needs the
/// customer's Marketing consent, granted and not withdrawn since), the do-not-disturb list, the
/// 180-day cool-off after a decline of the product, at most 2 marketing contacts per 30 days and 1 per
/// product per 90 days, and quiet hours 21:00–09:00 Asia/Shanghai (deferred to 09:00, not refused).
/// </summary>
public static class ContactRules
{
    public static ContactDecision Decide(
        string offerId,
        bool marketing,
        IReadOnlyList<ConsentState> consents,
        bool doNotDisturb,
        IReadOnlyList<ContactRecord> history,
        DateTimeOffset now,
        ContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(consents);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(policy);
        if (doNotDisturb)
        {
            return new ContactDecision(ContactVerdict.Refused, "DoNotDisturb: the customer is on the do-not-disturb list");
        }

        if (marketing && !HasConsent(consents, ConsentPurpose.Marketing))
        {
            return new ContactDecision(ContactVerdict.Refused, "NoMarketingConsent: no Marketing consent in force");
        }

        var declined = history.Where(h => h.OfferId == offerId && h.Declined && h.At > now.AddDays(-policy.DeclineCoolOffDays)).ToList();
        if (declined.Count > 0)
        {
            return new ContactDecision(ContactVerdict.Refused, $"DeclineCoolOff: declined on {declined.Max(h => h.At):yyyy-MM-dd}, cool-off {policy.DeclineCoolOffDays} days");
        }

        if (history.Count(h => h.OfferId == offerId && h.At > now.AddDays(-policy.ProductContactDays)) >= policy.MaxContactsPerProduct)
        {
            return new ContactDecision(ContactVerdict.Refused, $"ProductCap: at most {policy.MaxContactsPerProduct} contact per product per {policy.ProductContactDays} days");
        }

        if (marketing && history.Count(h => h.Marketing && h.At > now.AddDays(-policy.MarketingContactDays)) >= policy.MaxMarketingContacts)
        {
            return new ContactDecision(ContactVerdict.Refused, $"MarketingCap: at most {policy.MaxMarketingContacts} marketing contacts per {policy.MarketingContactDays} days");
        }

        return NextAllowed(now, policy) is { } at && at > now
            ? new ContactDecision(ContactVerdict.Deferred, $"QuietHours: {policy.QuietFrom.ToString("HH:mm", CultureInfo.InvariantCulture)}–{policy.QuietUntil.ToString("HH:mm", CultureInfo.InvariantCulture)} Asia/Shanghai", at)
            : new ContactDecision(ContactVerdict.Allowed, "Allowed");
    }

    /// <summary>
    /// Consent for a purpose is in force when it is granted for at least one source (the latest record of that purpose and
    /// source is a grant). What each source's data may be used for is cut per source (<see cref="ConsentSources.Permitted"/>).
    /// </summary>
    public static bool HasConsent(IReadOnlyList<ConsentState> consents, ConsentPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(consents);
        return consents.Where(c => c.Purpose == purpose).Select(c => c.Source).Distinct().Any(source => ConsentSources.Granted(consents, purpose, source));
    }

    /// <summary>Now, or the end of quiet hours (09:00 Asia/Shanghai by default) when now falls inside them.</summary>
    public static DateTimeOffset NextAllowed(DateTimeOffset now, ContactPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var (from, until) = (policy.QuietFrom, policy.QuietUntil);
        if (from == until)
        {
            return now;
        }

        var local = TimeZoneInfo.ConvertTime(now, BusinessClock.Zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var wraps = from > until; // 21:00–09:00 spans midnight
        DateOnly endDay;
        if (wraps && time >= from)
        {
            endDay = day.AddDays(1);
        }
        else if (wraps ? time < until : time >= from && time < until)
        {
            endDay = day;
        }
        else
        {
            return now;
        }

        var end = endDay.ToDateTime(until);
        return new DateTimeOffset(end, BusinessClock.Zone.GetUtcOffset(end)).ToUniversalTime();
    }
}
