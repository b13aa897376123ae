namespace LifeWindow.Integration.Exposure;

/// <summary>Exposure in process memory with the same version semantics as the Table store (a counter as the ETag).</summary>
public sealed class InMemoryExposureStore : ExposureStore
{
    private readonly InMemoryVersionedDocuments<CustomerExposure> documents = new(e => e.CustomerKey, e => e.Version, (e, version) => e with { Version = version });

    protected override Task<CustomerExposure?> ReadAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(documents.Read(customerKey));

    protected override Task<bool> TryWriteAsync(CustomerExposure exposure, string? version, CancellationToken cancellationToken) =>
        Task.FromResult(documents.TryWrite(exposure, version));
}
