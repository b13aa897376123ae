using System.Buffers;

namespace LifeWindow.Domain.Profiles;

/// <summary>
/// Folds feed records into a profile. Folding is idempotent (a fact is its source record's evidence hash,
/// so the same record twice changes nothing) and order-independent (facts are a set and every aggregate
/// is a commutative merge), so out-of-order arrival gives the same profile as in order.
/// </summary>
public static class ProfileFolder
{
    private static readonly JsonSerializerOptions CompareOptions = new();

    public static FoldResult Fold(CustomerProfile profile, FeedRecord record, DateTimeOffset recordedAt, TagSettings settings) =>
        Fold(profile, [Fact.From(record, recordedAt)], settings);

    /// <summary>Folds a batch of facts (one read-modify-write of the stored profile).</summary>
    public static FoldResult Fold(CustomerProfile profile, IEnumerable<Fact> incoming, TagSettings settings)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(incoming);
        var known = profile.Facts.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var added = new List<Fact>();
        var late = new List<Fact>();
        var ignored = 0;
        var recordedAt = profile.UpdatedAt;
        foreach (var fact in incoming)
        {
            if (!string.Equals(profile.CustomerKey, fact.Record.CustomerKey, StringComparison.Ordinal))
            {
                throw new ArgumentException("The record belongs to another customer.", nameof(incoming));
            }

            if (!known.Add(fact.Id))
            {
                continue;
            }

            if (profile.CompactedBefore is { } boundary && YearMonth.From(fact.ValidFrom) < boundary)
            {
                // Its month is already compacted: a winner-per-subject fact merges into the snapshot (a duplicate
                // cannot change a winner); a summed one is left to the fact log, as it could be a duplicate.
                if (Fact.IsAdditive(fact.Record))
                {
                    ignored++;
                }
                else
                {
                    late.Add(fact);
                }

                continue;
            }

            added.Add(fact);
            recordedAt = recordedAt is null || fact.RecordedAt > recordedAt ? fact.RecordedAt : recordedAt;
        }

        var snapshot = profile.Snapshot;
        if (late.Count > 0)
        {
            var merged = ProfileViewBuilder.Build(settings, snapshot, late);
            if (!SameView(merged, snapshot))
            {
                snapshot = merged;
                recordedAt = late.Select(f => f.RecordedAt).Append(recordedAt ?? DateTimeOffset.MinValue).Max();
            }
        }

        if (added.Count == 0 && ReferenceEquals(snapshot, profile.Snapshot))
        {
            return new FoldResult(profile, Changed: false, IgnoredLate: ignored);
        }

        var updated = profile with
        {
            Facts = [.. profile.Facts.Concat(added).OrderBy(f => f.ValidFrom).ThenBy(f => f.Id, StringComparer.Ordinal)],
            Snapshot = snapshot,
            UpdatedAt = recordedAt,
        };
        return new FoldResult(WithTags(updated, settings), Changed: true, IgnoredLate: ignored);
    }

    /// <summary>The profile's facts merged: snapshot ⊕ recent facts.</summary>
    public static ProfileView ViewOf(CustomerProfile profile, TagSettings settings) =>
        ProfileViewBuilder.Build(settings, profile.Snapshot, profile.Facts);

    /// <summary>
    /// Moves facts valid before <paramref name="keepFrom"/> into the snapshot (whole months only, so a month is
    /// either compacted or not) and drops snapshot months before <paramref name="retainFrom"/>. Tags as of any
    /// time after <paramref name="keepFrom"/> are the same before and after, as long as they look back no further
    /// than the retention.
    /// </summary>
    public static CompactionResult Compact(CustomerProfile profile, TagSettings settings, YearMonth keepFrom, YearMonth retainFrom)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var old = profile.Facts.Where(f => YearMonth.From(f.ValidFrom) < keepFrom).ToList();
        if (old.Count == 0 && profile.CompactedBefore is { } current && current >= keepFrom)
        {
            return new CompactionResult(profile, []);
        }

        var snapshot = Retain(ProfileViewBuilder.Build(settings, profile.Snapshot, old), retainFrom);
        var boundary = profile.CompactedBefore is { } before && before > keepFrom ? before : keepFrom;
        var compacted = profile with
        {
            Facts = [.. profile.Facts.Where(f => YearMonth.From(f.ValidFrom) >= keepFrom)],
            Snapshot = snapshot,
            CompactedBefore = boundary,
        };
        return new CompactionResult(compacted, old);
    }

    private static CustomerProfile WithTags(CustomerProfile profile, TagSettings settings) =>
        profile with { Tags = TagEngine.Compute(ViewOf(profile, settings), settings, profile.UpdatedAt ?? DateTimeOffset.MinValue, profile.CustomerKey).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal) };

    /// <summary>Drops per-month entries older than the retention; per-subject states (accounts, properties, consents) stay.</summary>
    private static ProfileView Retain(ProfileView view, YearMonth from)
    {
        var day = from.FirstDay;
        return view with
        {
            ProvidentFund = [.. view.ProvidentFund.Where(m => m.Period >= from)],
            Instalments = [.. view.Instalments.Where(i => i.DueDate >= day)],
            Aum = [.. view.Aum.Where(m => m.Month >= from)],
            Payroll = [.. view.Payroll.Where(m => m.Month >= from)],
            Revenue = [.. view.Revenue.Where(m => m.Month >= from)],
            Declarations = [.. view.Declarations.Where(d => d.Period.FirstDay >= day)],
            Transfers = [.. view.Transfers.Where(t => t.On >= day)],
            Custody = [.. view.Custody.Where(m => m.Month >= from)],
            Scenes = [.. view.Scenes.Where(m => m.Period >= from)],
            Intents = [.. view.Intents.Where(i => i.On >= day)],
        };
    }

    /// <summary>
    /// Two views are the same when they serialize to the same bytes (every nested list compared by content, which record
    /// equality does not do). Written into two reused per-thread buffers and compared as spans: a late fact of a compacted
    /// month (every provident-fund month older than <c>Profiles:CompactAfterMonths</c>) comes through here, and two JSON
    /// strings per record were a large share of the fold's allocations (docs/performance.md).
    /// </summary>
    private static bool SameView(ProfileView a, ProfileView b)
    {
        var (left, right) = CompareBuffers.Value!;
        return Write(left, a).SequenceEqual(Write(right, b));
    }

    private static ReadOnlySpan<byte> Write(ArrayBufferWriter<byte> buffer, ProfileView view)
    {
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer);
        JsonSerializer.Serialize(writer, view, CompareOptions);
        return buffer.WrittenSpan;
    }

    private static readonly ThreadLocal<(ArrayBufferWriter<byte> Left, ArrayBufferWriter<byte> Right)> CompareBuffers = new(() => (new(16_384), new(16_384)));
}

public sealed record FoldResult(CustomerProfile Profile, bool Changed, int IgnoredLate = 0);

/// <summary>The compacted profile and the facts it folded into its snapshot (their stored rows can go).</summary>
public sealed record CompactionResult(CustomerProfile Profile, IReadOnlyList<Fact> Compacted);
