namespace LifeWindow.Domain.Backtests;

/// <summary>
/// The one seam between a backtest and the fold/detect APIs: which windows a catalog would have opened for one customer,
/// given the facts recorded for them. Implementations are pure and deterministic (the backtest calls them in parallel).
/// </summary>
public interface IWindowReplay
{
    /// <summary>The windows opened in [<paramref name="from"/>, <paramref name="to"/>] for this customer under <paramref name="catalog"/>.</summary>
    IReadOnlyList<Window> Replay(string customerKey, IReadOnlyList<RecordedFact> facts, RuleCatalog catalog, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Both catalogs' windows; an implementation may share the work the two have in common.</summary>
    (IReadOnlyList<Window> A, IReadOnlyList<Window> B) ReplayBoth(string customerKey, IReadOnlyList<RecordedFact> facts, RuleCatalog catalogA, RuleCatalog catalogB, DateTimeOffset from, DateTimeOffset to) =>
        (Replay(customerKey, facts, catalogA, from, to), Replay(customerKey, facts, catalogB, from, to));
}
