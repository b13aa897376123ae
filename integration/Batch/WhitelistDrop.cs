namespace LifeWindow.Integration.Batch;

/// <summary>
/// A whitelist file dropped in blob storage, as named by a message on the whitelist-imports queue.
/// Two shapes are accepted:
/// <list type="bullet">
/// <item>our own, as an upload tool sends it: {"container", "blobName", "partner"?, "format"?};</item>
/// <item>an Event Grid <c>Microsoft.Storage.BlobCreated</c> event (Event Grid or CloudEvents schema), as an
/// Event Grid subscription with a Storage Queue endpoint delivers it; the blob is read from "subject"
/// (/blobServices/default/containers/{container}/blobs/{name}).</item>
/// </list>
/// Without "partner" the partner is the blob name's first folder ("meituan/2026-10.csv"); without
/// "format" the extension decides (.csv, .ndjson or .jsonl).
/// </summary>
public sealed partial record WhitelistDrop(string Container, string BlobName, string Partner, WhitelistFormat Format)
{
    public const string BlobCreated = "Microsoft.Storage.BlobCreated";

    /// <summary>Reads a queue message; throws <see cref="InvalidWhitelistDropException"/> naming what is wrong.</summary>
    public static WhitelistDrop Parse(string message)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(message);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidWhitelistDropException($"The message is not JSON: {ex.Message}");
        }

        // Event Grid may deliver a one-element array; our own shape is an object.
        if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() == 1)
        {
            root = root[0];
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidWhitelistDropException("The message must be a JSON object.");
        }

        string container, blobName;
        var eventType = Text(root, "eventType") ?? Text(root, "type");
        if (eventType is not null)
        {
            if (eventType != BlobCreated)
            {
                throw new InvalidWhitelistDropException($"Event type '{eventType}' is not {BlobCreated}.");
            }

            var subject = Text(root, "subject") ?? throw new InvalidWhitelistDropException("The BlobCreated event has no subject.");
            var parts = BlobSubject().Match(subject);
            if (!parts.Success)
            {
                throw new InvalidWhitelistDropException("The event's subject is not /blobServices/default/containers/{container}/blobs/{name}.");
            }

            (container, blobName) = (parts.Groups["container"].Value, parts.Groups["blob"].Value);
        }
        else
        {
            container = Text(root, "container") ?? throw new InvalidWhitelistDropException("The message needs \"container\".");
            blobName = Text(root, "blobName") ?? throw new InvalidWhitelistDropException("The message needs \"blobName\".");
        }

        if (!ContainerName().IsMatch(container))
        {
            throw new InvalidWhitelistDropException($"'{container}' is not a blob container name.");
        }

        if (blobName.Length is 0 or > 1024)
        {
            throw new InvalidWhitelistDropException("The blob name must be 1 to 1024 characters.");
        }

        var partner = Text(root, "partner") ?? (blobName.Contains('/', StringComparison.Ordinal) ? blobName[..blobName.IndexOf('/', StringComparison.Ordinal)] : null)
            ?? throw new InvalidWhitelistDropException("The message names no partner, and the blob is not in a partner folder (<partner>/<file>).");
        if (!PartnerId().IsMatch(partner))
        {
            throw new InvalidWhitelistDropException($"'{partner}' is not a partner id (letters, digits and '_').");
        }

        var format = Text(root, "format") switch
        {
            null => WhitelistFormats.FromFileName(blobName)
                ?? throw new InvalidWhitelistDropException("The message gives no format and the blob name does not end in .csv, .ndjson or .jsonl."),
            "csv" => WhitelistFormat.Csv,
            "ndjson" => WhitelistFormat.Ndjson,
            var other => throw new InvalidWhitelistDropException($"Format '{other}' is not csv or ndjson."),
        };

        return new WhitelistDrop(container, blobName, partner, format);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    [GeneratedRegex("^/blobServices/default/containers/(?<container>[^/]+)/blobs/(?<blob>.+)$")]
    private static partial Regex BlobSubject();

    [GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex PartnerId();
}

/// <summary>A queue message that does not name a whitelist file; retrying cannot help, so it ends in the poison queue.</summary>
public sealed class InvalidWhitelistDropException : Exception
{
    public InvalidWhitelistDropException()
    {
    }

    public InvalidWhitelistDropException(string message)
        : base(message)
    {
    }

    public InvalidWhitelistDropException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
