namespace LifeWindow.Domain.Backtests;

/// <summary>A record as the fact log holds it: the canonical record and when we recorded it (our transaction time).</summary>
public sealed record RecordedFact(FeedRecord Record, DateTimeOffset RecordedAt);

/// <summary>One customer's recorded facts, as a backtest replays them.</summary>
public sealed record CustomerHistory(string CustomerKey, IReadOnlyList<RecordedFact> Facts);
