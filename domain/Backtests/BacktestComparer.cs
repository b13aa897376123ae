namespace LifeWindow.Domain.Backtests;

public enum DifferenceKind
{
    /// <summary>Only catalog B opens the window.</summary>
    Added,

    /// <summary>Only catalog A opens the window.</summary>
    Removed,

    /// <summary>Both open it (same customer, rule and anchor) but with different terms.</summary>
    Changed,
}

/// <summary>One window that catalog B opens differently from catalog A; <see cref="ChangedFields"/> names what differs for <see cref="DifferenceKind.Changed"/>.</summary>
public sealed record WindowDifference(
    DifferenceKind Kind,
    string CustomerKey,
    string RuleId,
    string Anchor,
    Window? A,
    Window? B,
    IReadOnlyList<string> ChangedFields);

/// <summary>Counts for one rule over the whole backtest.</summary>
public sealed record RuleSummary(string RuleId, long WindowsA, long WindowsB, long Added, long Removed, long Changed, long Unchanged);

public sealed record WindowComparison(IReadOnlyList<WindowDifference> Differences, IReadOnlyList<RuleSummary> Rules);

/// <summary>
/// Compares the windows two catalogs open. Windows are the same window when customer, rule and anchor agree (the window id
/// derives from exactly these); for those, the terms a relationship manager would see are compared field by field. Pure
/// and deterministic: output sorted by rule, customer, anchor.
/// </summary>
public static class BacktestComparer
{
    public const string OpensAt = nameof(Window.OpensAt);
    public const string ClosesAt = nameof(Window.ClosesAt);
    public const string Priority = nameof(Window.Priority);
    public const string CoolOffDays = nameof(Window.CoolOffDays);
    public const string CandidateOffers = nameof(Window.CandidateOffers);

    public static WindowComparison Compare(IEnumerable<Window> a, IEnumerable<Window> b, IEnumerable<string>? ruleIds = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byKeyA = Index(a);
        var byKeyB = Index(b);
        var counts = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var rule in ruleIds ?? [])
        {
            Counts(counts, rule);
        }

        var differences = new List<WindowDifference>();
        foreach (var (key, windowA) in byKeyA)
        {
            var c = Counts(counts, key.Rule);
            c[0]++;
            if (!byKeyB.TryGetValue(key, out var windowB))
            {
                c[3]++;
                differences.Add(new WindowDifference(DifferenceKind.Removed, key.Customer, key.Rule, key.Anchor, windowA, null, []));
                continue;
            }

            var changed = ChangedFields(windowA, windowB);
            if (changed.Count == 0)
            {
                c[5]++;
            }
            else
            {
                c[4]++;
                differences.Add(new WindowDifference(DifferenceKind.Changed, key.Customer, key.Rule, key.Anchor, windowA, windowB, changed));
            }
        }

        foreach (var (key, windowB) in byKeyB)
        {
            var c = Counts(counts, key.Rule);
            c[1]++;
            if (!byKeyA.ContainsKey(key))
            {
                c[2]++;
                differences.Add(new WindowDifference(DifferenceKind.Added, key.Customer, key.Rule, key.Anchor, null, windowB, []));
            }
        }

        differences.Sort(Order);
        return new WindowComparison(differences, counts.Select(c => Summary(c.Key, c.Value)).ToList());
    }

    /// <summary>The fields, in a fixed order, in which the same window differs between the catalogs.</summary>
    public static IReadOnlyList<string> ChangedFields(Window a, Window b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var fields = new List<string>(5);
        if (a.OpensAt != b.OpensAt)
        {
            fields.Add(OpensAt);
        }

        if (a.ClosesAt != b.ClosesAt)
        {
            fields.Add(ClosesAt);
        }

        if (a.Priority != b.Priority)
        {
            fields.Add(Priority);
        }

        if (a.CoolOffDays != b.CoolOffDays)
        {
            fields.Add(CoolOffDays);
        }

        if (!a.CandidateOffers.SequenceEqual(b.CandidateOffers, StringComparer.Ordinal))
        {
            fields.Add(CandidateOffers);
        }

        return fields;
    }

    /// <summary>Adds up per-rule summaries (of several customers), sorted by rule.</summary>
    public static IReadOnlyList<RuleSummary> Merge(IEnumerable<RuleSummary> summaries) =>
        summaries
            .GroupBy(s => s.RuleId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RuleSummary(g.Key, g.Sum(s => s.WindowsA), g.Sum(s => s.WindowsB), g.Sum(s => s.Added), g.Sum(s => s.Removed), g.Sum(s => s.Changed), g.Sum(s => s.Unchanged)))
            .ToList();

    /// <summary>Rule, customer, anchor, then kind: the one order differences are reported in.</summary>
    public static int Order(WindowDifference? x, WindowDifference? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var order = string.CompareOrdinal(x.RuleId, y.RuleId);
        order = order != 0 ? order : string.CompareOrdinal(x.CustomerKey, y.CustomerKey);
        order = order != 0 ? order : string.CompareOrdinal(x.Anchor, y.Anchor);
        return order != 0 ? order : x.Kind.CompareTo(y.Kind);
    }

    private static Dictionary<(string Customer, string Rule, string Anchor), Window> Index(IEnumerable<Window> windows)
    {
        var index = new Dictionary<(string, string, string), Window>();
        foreach (var window in windows.OrderBy(w => w.OpensAt).ThenBy(w => w.WindowId, StringComparer.Ordinal))
        {
            // A replay opens a window once; should a list hold it twice, the earliest opening is the window.
            index.TryAdd((window.CustomerKey, window.RuleId, window.Anchor), window);
        }

        return index;
    }

    private static long[] Counts(SortedDictionary<string, long[]> counts, string rule)
    {
        if (!counts.TryGetValue(rule, out var c))
        {
            // windowsA, windowsB, added, removed, changed, unchanged
            c = new long[6];
            counts[rule] = c;
        }

        return c;
    }

    private static RuleSummary Summary(string rule, long[] c) => new(rule, c[0], c[1], c[2], c[3], c[4], c[5]);
}
