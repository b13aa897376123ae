namespace LifeWindow.Domain.Backtests;

/// <summary>
/// Replays a customer's recorded facts as the live pipeline would have seen them. Evaluation points are the end of each
/// business day on which a fact was recorded and the end of every month (Asia/Shanghai), from the first fact up to
/// <c>to</c>. At each point the facts recorded by then are folded into the profile (incrementally) and the catalog's rules
/// run as of that point; a window is opened once (by id) and stays open until it closes. History before <c>from</c> is
/// replayed too, so a window opened before the range is known — not opened again — but only windows opened in the range
/// are returned.
/// </summary>
public sealed class WindowReplay : IWindowReplay
{
    public static readonly WindowReplay Instance = new();

    public IReadOnlyList<Window> Replay(string customerKey, IReadOnlyList<RecordedFact> facts, RuleCatalog catalog, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Run(customerKey, facts, [catalog], from, to)[0];
    }

    /// <summary>
    /// When both catalogs compute tags alike (the same tags section), the fold and the tags are shared and
    /// only the rules run twice; otherwise each catalog is replayed on its own.
    /// </summary>
    public (IReadOnlyList<Window> A, IReadOnlyList<Window> B) ReplayBoth(string customerKey, IReadOnlyList<RecordedFact> facts, RuleCatalog catalogA, RuleCatalog catalogB, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(catalogA);
        ArgumentNullException.ThrowIfNull(catalogB);
        if (!SameTagSettings(catalogA.Tags, catalogB.Tags))
        {
            return (Replay(customerKey, facts, catalogA, from, to), Replay(customerKey, facts, catalogB, from, to));
        }

        var both = Run(customerKey, facts, [catalogA, catalogB], from, to);
        return (both[0], both[1]);
    }

    private static IReadOnlyList<Window>[] Run(string customerKey, IReadOnlyList<RecordedFact> facts, RuleCatalog[] catalogs, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var settings = catalogs[0].Tags;
        var read = TagSelection.Of(catalogs.SelectMany(WindowDetector.TagsRead));
        var ordered = facts
            .Where(f => f.RecordedAt <= to)
            .OrderBy(f => f.RecordedAt)
            .ThenBy(f => f.Record.EvidenceHash, StringComparer.Ordinal)
            .ToList();
        if (ordered.Count == 0 || from > to)
        {
            return [.. catalogs.Select(_ => (IReadOnlyList<Window>)[])];
        }

        // Each fact is folded at the end of the business day it was recorded (never after `to`); points only ever grow.
        var dueAt = ordered.Select(f => Min(BusinessDays.EndOf(BusinessClock.ToBusinessDate(f.RecordedAt)), to)).ToArray();

        // The view grows fact by fact (the merge is commutative, so this is the profile's view at every point), and
        // tags as of a moment are kept until a fact valid by that moment arrives — the anchor walk's month ends are
        // mostly computed once per customer instead of once per point.
        var builder = new ProfileViewBuilder(settings);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tags = new Dictionary<DateTimeOffset, TagSet>();
        ProfileView? view = null;
        var opened = catalogs.Select(_ => new List<Window>()).ToArray();
        var known = catalogs.Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var next = 0;
        foreach (var point in EvaluationPoints(dueAt, to))
        {
            DateOnly? earliestValid = null;
            while (next < ordered.Count && dueAt[next] <= point)
            {
                var fact = Fact.From(ordered[next].Record, ordered[next].RecordedAt);
                if (seen.Add(fact.Id))
                {
                    builder.Add(fact);
                    earliestValid = earliestValid is { } e && e <= fact.ValidFrom ? e : fact.ValidFrom;
                }

                next++;
            }

            if (earliestValid is not null || view is null)
            {
                view = builder.ToView();
                foreach (var stale in tags.Keys.Where(k => earliestValid is null || BusinessClock.ToBusinessDate(k) >= earliestValid).ToList())
                {
                    tags.Remove(stale);
                }
            }

            var current = view;
            TagSet At(DateTimeOffset asOf)
            {
                if (!tags.TryGetValue(asOf, out var set))
                {
                    set = TagEngine.Compute(current, settings, asOf, customerKey, only: read);
                    tags[asOf] = set;
                }

                return set;
            }

            for (var c = 0; c < catalogs.Length; c++)
            {
                Apply(WindowDetector.Detect(catalogs[c], customerKey, At, point, opened[c]), opened[c], known[c], point);
            }
        }

        return [.. opened.Select(windows =>
        {
            Expire(windows, to);
            return (IReadOnlyList<Window>)[.. windows.Where(w => w.OpensAt >= from && w.OpensAt <= to)];
        })];
    }

    private static void Apply(Detection detection, List<Window> opened, HashSet<string> known, DateTimeOffset point)
    {
        foreach (var change in detection.Changes)
        {
            var index = opened.FindIndex(w => w.WindowId == change.Window.WindowId);
            if (index >= 0)
            {
                opened[index] = opened[index] with { State = change.NewState, StateChangedAt = change.NewState == WindowState.Expired ? opened[index].ClosesAt : point };
            }
        }

        foreach (var window in detection.Opened)
        {
            if (known.Add(window.WindowId))
            {
                opened.Add(window);
            }
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TagSettings, System.Runtime.CompilerServices.ConditionalWeakTable<TagSettings, object>> Compared = new();

    /// <summary>Whether two tags sections are the same, by content (remembered per pair of settings objects).</summary>
    private static bool SameTagSettings(TagSettings a, TagSettings b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        var answers = Compared.GetOrCreateValue(a);
        return (bool)answers.GetValue(b, other =>
            System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(other));
    }

    /// <summary>Day ends of the recording days plus every month end from the first fact's month, each no later than <paramref name="to"/>; sorted, distinct.</summary>
    private static SortedSet<DateTimeOffset> EvaluationPoints(DateTimeOffset[] dueAt, DateTimeOffset to)
    {
        var points = new SortedSet<DateTimeOffset>(dueAt);
        var month = YearMonth.From(BusinessClock.ToBusinessDate(dueAt[0]));
        var last = YearMonth.From(BusinessClock.ToBusinessDate(to));
        for (; month <= last; month = month.AddMonths(1))
        {
            var monthEnd = BusinessDays.EndOf(month.AddMonths(1).FirstDay.AddDays(-1));
            if (monthEnd >= dueAt[0])
            {
                points.Add(Min(monthEnd, to));
            }
        }

        return points;
    }

    /// <summary>A window is open until it closes; the detector sees the windows' state as of the point.</summary>
    private static void Expire(List<Window> windows, DateTimeOffset now)
    {
        for (var i = 0; i < windows.Count; i++)
        {
            if (windows[i].State == WindowState.Open && windows[i].ClosesAt <= now)
            {
                windows[i] = windows[i] with { State = WindowState.Expired, StateChangedAt = windows[i].ClosesAt };
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
