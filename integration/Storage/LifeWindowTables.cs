namespace LifeWindow.Integration.Storage;

/// <summary>Hands out table clients by logical name, creating each table once on first use.</summary>
public sealed class LifeWindowTables(TableServiceClient service, string prefix)
{
    public const string Profiles = "Profiles";
    public const string Windows = "Windows";
    public const string Leads = "Leads";
    public const string WebhookLedger = "WebhookLedger";
    public const string MatchIndex = "MatchIndex";
    public const string DeadLetters = "DeadLetters";
    public const string FactLog = "FactLog";
    public const string InvoiceRegistry = "InvoiceRegistry";
    public const string PullCursors = "PullCursors";
    public const string Contacts = "Contacts";
    public const string Exposure = "Exposure";
    public const string CreditApplications = "CreditApplications";
    public const string CreditDecisions = "CreditDecisions";
    public const string CreditBlacklist = "CreditBlacklist";
    public const string Erasures = "Erasures";
    public const string AuditLog = "AuditLog";
    public const string Claims = "Claims";
    public const string LeadInbox = "LeadInbox";

    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> clients = new(StringComparer.Ordinal);

    /// <summary>
    /// The creation task is shared by every caller, so it must not carry the first caller's token: a
    /// cancelled first request would leave a cancelled task cached for the life of the process.
    /// </summary>
    public Task<TableClient> GetAsync(string logicalName, CancellationToken cancellationToken) =>
        clients.GetOrAdd(logicalName, name => new Lazy<Task<TableClient>>(() => CreateAsync(prefix + name, CancellationToken.None))).Value.WaitAsync(cancellationToken);

    private async Task<TableClient> CreateAsync(string tableName, CancellationToken cancellationToken)
    {
        var client = service.GetTableClient(tableName);
        await client.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }
}
