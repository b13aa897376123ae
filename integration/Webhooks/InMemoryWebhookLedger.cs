namespace LifeWindow.Integration.Webhooks;

public sealed class InMemoryWebhookLedger : IWebhookLedger
{
    private readonly Dictionary<(string, string), Entry> entries = [];
    private readonly Lock gate = new();

    public Task<LedgerClaim> TryClaimAsync(string scope, string webhookId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (entries.TryGetValue((scope, webhookId), out var entry))
            {
                if (entry.Response is not null)
                {
                    return Task.FromResult(new LedgerClaim(ClaimStatus.Completed, entry.Response));
                }

                if (entry.LeaseUntil > now)
                {
                    return Task.FromResult(LedgerClaim.InProgress);
                }
            }

            entries[(scope, webhookId)] = new Entry(now, now + lease, null);
            return Task.FromResult(LedgerClaim.Claimed);
        }
    }

    public Task CompleteAsync(string scope, string webhookId, StoredResponse response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            entries[(scope, webhookId)] = new Entry(now, now, response);
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string scope, string webhookId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            entries.Remove((scope, webhookId));
        }

        return Task.CompletedTask;
    }

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var old = entries.Where(e => e.Value.CreatedAt < olderThan).Select(e => e.Key).ToList();
            old.ForEach(k => entries.Remove(k));
            return Task.FromResult(old.Count);
        }
    }

    private sealed record Entry(DateTimeOffset CreatedAt, DateTimeOffset LeaseUntil, StoredResponse? Response);
}
