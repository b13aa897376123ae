namespace LifeWindow.Integration.Exposure;

/// <summary>Exposure in process memory with the same version semantics as the Table store (a counter as the ETag).</summary>
public sealed class InMemoryExposureStore : ExposureStore
{
    private readonly ConcurrentDictionary<string, CustomerExposure> documents = new(StringComparer.Ordinal);
    private long versions;

    protected override Task<CustomerExposure?> ReadAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(documents.TryGetValue(customerKey, out var exposure) ? exposure : null);

    protected override Task<bool> TryWriteAsync(CustomerExposure exposure, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exposure);
        var stored = exposure with { Version = Interlocked.Increment(ref versions).ToString(CultureInfo.InvariantCulture) };
        if (version is null)
        {
            return Task.FromResult(documents.TryAdd(exposure.CustomerKey, stored));
        }

        return Task.FromResult(documents.TryGetValue(exposure.CustomerKey, out var current)
            && current.Version == version
            && documents.TryUpdate(exposure.CustomerKey, stored, current));
    }
}
