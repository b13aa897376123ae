using System.Buffers;
using System.Collections;
using System.Reflection;

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
            Facts = Merge(profile.Facts, added),
            Snapshot = snapshot,
            UpdatedAt = recordedAt,
        };
        return new FoldResult(updated.WithTagsFrom(settings), Changed: true, IgnoredLate: ignored);
    }

    /// <summary>
    /// The profile's facts with the new ones, in the profile's order (valid date, then id): the few new facts sorted and
    /// merged into the list, which is in that order already, instead of re-sorting the whole list for every record (the
    /// sort and copy were 17% of the pipeline's time, docs/performance.md). A list found out of order is sorted whole.
    /// </summary>
    private static Fact[] Merge(IReadOnlyList<Fact> facts, List<Fact> added)
    {
        added.Sort(FactOrder);
        var merged = new Fact[facts.Count + added.Count];
        int i = 0, j = 0, k = 0;
        while (i < facts.Count || j < added.Count)
        {
            if (i > 0 && i < facts.Count && FactOrder(facts[i - 1], facts[i]) > 0)
            {
                return [.. facts.Concat(added).OrderBy(f => f, Comparer<Fact>.Create(FactOrder))];
            }

            merged[k++] = j == added.Count || (i < facts.Count && FactOrder(facts[i], added[j]) <= 0) ? facts[i++] : added[j++];
        }

        return merged;
    }

    private static int FactOrder(Fact a, Fact b) =>
        a.ValidFrom != b.ValidFrom ? a.ValidFrom.CompareTo(b.ValidFrom) : string.CompareOrdinal(a.Id, b.Id);

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
            LoanMonths = [.. view.LoanMonths.Where(m => m.Month >= from)],
        };
    }

    /// <summary>
    /// Two views are the same when they serialize to the same bytes (every nested list compared by content, which record
    /// equality does not do). Compared part by part: a late fact of a compacted month (every provident-fund month older
    /// than <c>Profiles:CompactAfterMonths</c>) comes through here, and the merged view holds the very same objects as
    /// the snapshot for every entry the fact did not touch, so only the entries that differ by reference are written
    /// out and compared as JSON (serializing both whole views was 11% of the pipeline's time, docs/performance.md).
    /// </summary>
    private static bool SameView(ProfileView a, ProfileView b)
    {
        foreach (var part in ViewParts)
        {
            var (x, y) = (part.GetValue(a), part.GetValue(b));
            if (ReferenceEquals(x, y))
            {
                continue;
            }

            if (x is IList left && y is IList right ? !SameEntries(left, right) : !SameJson(x, y))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameEntries(IList left, IList right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!ReferenceEquals(left[i], right[i]) && !SameJson(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameJson(object? x, object? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        var (left, right) = CompareBuffers.Value!;
        return x.GetType() == y.GetType() && Write(left, x).SequenceEqual(Write(right, y));
    }

    private static ReadOnlySpan<byte> Write(ArrayBufferWriter<byte> buffer, object value)
    {
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer);
        JsonSerializer.Serialize(writer, value, value.GetType(), CompareOptions);
        return buffer.WrittenSpan;
    }

    /// <summary>The view's parts as its JSON writes them: every public instance property.</summary>
    private static readonly PropertyInfo[] ViewParts = typeof(ProfileView).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    private static readonly ThreadLocal<(ArrayBufferWriter<byte> Left, ArrayBufferWriter<byte> Right)> CompareBuffers = new(() => (new(1_024), new(1_024)));
}

public sealed record FoldResult(CustomerProfile Profile, bool Changed, int IgnoredLate = 0);

/// <summary>The compacted profile and the facts it folded into its snapshot (their stored rows can go).</summary>
public sealed record CompactionResult(CustomerProfile Profile, IReadOnlyList<Fact> Compacted);
