using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace LifeWindow.Integration.Batch;

/// <summary>
/// Imports a whitelist file dropped in blob storage: reads the queue message naming it, streams the blob
/// (BlobClient.OpenReadAsync, read in fixed-size ranges) through <see cref="WhitelistImporter"/> and writes
/// the report as JSON to <see cref="BatchImportOptions.ReportContainer"/> under the same name + ".report.json".
/// </summary>
public sealed partial class BlobWhitelistImport(
    WhitelistImporter importer,
    IOptions<BatchImportOptions> options,
    IOptions<StorageOptions> storage,
    ILogger<BlobWhitelistImport> logger)
{
    /// <summary>Bytes fetched from the blob per request; the import's memory ceiling for the download.</summary>
    private const int DownloadBufferBytes = 4 * 1024 * 1024;

    private readonly Lazy<BlobServiceClient> blobs = new(() => CreateClient(options.Value, storage.Value));

    /// <summary>
    /// Throws <see cref="InvalidWhitelistDropException"/> for a message that names no file or a file that is
    /// not there (retrying will not help: the message goes to the poison queue); other failures are ours and
    /// worth a retry of the whole file (accepted records are idempotent downstream).
    /// </summary>
    public async Task<BatchImportReport> ImportAsync(string message, CancellationToken cancellationToken)
    {
        var drop = WhitelistDrop.Parse(message);
        var blob = blobs.Value.GetBlobContainerClient(drop.Container).GetBlobClient(drop.BlobName);
        long length;
        try
        {
            length = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ContentLength;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new InvalidWhitelistDropException($"Blob '{drop.BlobName}' does not exist in container '{drop.Container}'.", ex);
        }

        // allowModifications: false pins the blob's ETag, so a file overwritten mid-import fails instead of mixing versions.
        await using var content = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = DownloadBufferBytes }, cancellationToken).ConfigureAwait(false);
        var request = new BatchImportRequest(drop.Partner, $"{drop.Container}/{drop.BlobName}", drop.Format, length);
        var report = await importer.ImportAsync(content, request, progress: null, cancellationToken).ConfigureAwait(false);

        var reports = blobs.Value.GetBlobContainerClient(options.Value.ReportContainer);
        await reports.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await reports.GetBlobClient(ReportName(drop)).UploadAsync(BinaryData.FromObjectAsJson(report, LifeWindowJson.Options), overwrite: true, cancellationToken).ConfigureAwait(false);
        LogReported(logger, request.FileName, options.Value.ReportContainer, ReportName(drop));
        return report;
    }

    public static string ReportName(WhitelistDrop drop) => $"{drop.Container}/{drop.BlobName}.report.json";

    /// <summary>Reads a report the function wrote.</summary>
    public async Task<BatchImportReport?> ReadReportAsync(WhitelistDrop drop, CancellationToken cancellationToken)
    {
        var blob = blobs.Value.GetBlobContainerClient(options.Value.ReportContainer).GetBlobClient(ReportName(drop));
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<BatchImportReport>(LifeWindowJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static BlobServiceClient CreateClient(BatchImportOptions batch, StorageOptions storage) =>
        storage.ConnectionString is { Length: > 0 } connection
            ? new BlobServiceClient(connection)
            : new BlobServiceClient(
                batch.BlobServiceUri ?? throw new OptionsValidationException(BatchImportOptions.Section, typeof(BatchImportOptions), ["BatchImport:BlobServiceUri or Storage:ConnectionString is required to import dropped files."]),
                new DefaultAzureCredential());

    [LoggerMessage(Level = LogLevel.Information, Message = "Import report for {FileName} written to {Container}/{ReportName}")]
    private static partial void LogReported(ILogger logger, string fileName, string container, string reportName);
}
