using LifeWindow.Integration.Exposure;

namespace LifeWindow.Integration.Tests.Exposure;

/// <summary>The exposure contract on Table storage (Azurite): ETags do the work the in-memory versions do.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class TableExposureStoreTests(AzuriteFixture azurite) : ExposureStoreContract
{
    protected override IExposureStore NewStore() =>
        new TableExposureStore(new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t")));
}
