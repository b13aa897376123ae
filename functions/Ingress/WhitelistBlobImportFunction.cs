using LifeWindow.Integration.Batch;

namespace LifeWindow.Functions.Ingress;

/// <summary>
/// A whitelist file dropped in blob storage: the message on whitelist-imports names the blob (an Event
/// Grid BlobCreated event or {"container", "blobName", "partner"?, "format"?}); the file is streamed
/// through the batch importer and its report written to the report container. A message that names no
/// importable file fails every attempt and ends in whitelist-imports-poison.
/// </summary>
public sealed class WhitelistBlobImportFunction(BlobWhitelistImport import)
{
    public const string QueueName = "whitelist-imports";

    [Function(nameof(WhitelistBlobImportFunction))]
    public Task<BatchImportReport> Run(
        [QueueTrigger(QueueName)] string message,
        CancellationToken cancellationToken) =>
        import.ImportAsync(message, cancellationToken);
}
