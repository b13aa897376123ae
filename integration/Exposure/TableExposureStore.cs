namespace LifeWindow.Integration.Exposure;

/// <summary>Exposure in Table storage: table Exposure, PartitionKey = customer key, one row "exposure" whose ETag is the version.</summary>
public sealed class TableExposureStore(LifeWindowTables tables) : ExposureStore
{
    private const string Row = "exposure";

    protected override async Task<CustomerExposure?> ReadAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Exposure, cancellationToken).ConfigureAwait(false);
        return await TableJson.ReadVersionedAsync<CustomerExposure>(table, customerKey, Row, (exposure, version) => exposure with { Version = version }, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<bool> TryWriteAsync(CustomerExposure exposure, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exposure);
        var table = await tables.GetAsync(LifeWindowTables.Exposure, cancellationToken).ConfigureAwait(false);
        return await TableJson.TryWriteVersionedAsync(table, TableJson.Write(exposure.CustomerKey, Row, exposure), version, cancellationToken).ConfigureAwait(false);
    }
}
