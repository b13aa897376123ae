using System.Globalization;
using System.Text;

namespace LifeWindow.Functions.Webhooks;

/// <summary>A verified delivery: who sent it, its webhook-id and its body.</summary>
public sealed record SignedDelivery(string Partner, string WebhookId, string Body)
{
    /// <summary>
    /// Set when the body is not UTF-8: the offset of its first bad byte. <see cref="Body"/> then holds the
    /// bytes read with U+FFFD in place of bad ones (as kept in a dead letter), which must not be parsed as the delivery.
    /// </summary>
    public int? NotUtf8At { get; init; }
}

/// <summary>
/// What every signed webhook endpoint does before its own work: bound the body (413), verify the
/// Standard Webhooks signature (401), and make redeliveries of a webhook-id idempotent (the first
/// response is replayed). Failures of our own make the sender retry (503) and never lose the delivery.
/// A signed body that is not UTF-8 is answered 400 here, unless the handler takes such deliveries
/// (to keep them as dead letters): JSON must be UTF-8 (RFC 8259), and guessing at bad bytes would change
/// the data the signature covers.
/// </summary>
public sealed partial class SignedWebhookPipeline(
    WebhookAuthenticator authenticator,
    IWebhookLedger ledger,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<SignedWebhookPipeline> logger)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="takesInvalidUtf8">The handler reads <see cref="SignedDelivery.NotUtf8At"/> itself; otherwise such a body is answered 400 here.</param>
    public async Task<IResult> RunAsync(string scope, HttpRequest request, Func<SignedDelivery, CancellationToken, Task<StoredResponse>> handle, CancellationToken cancellationToken, bool takesInvalidUtf8 = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handle);
        var max = options.Value.MaxBodyBytes;
        var bytes = request.ContentLength > max ? null : await ReadBodyAsync(request.Body, max, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return WebhookResponses.Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large.", $"The body must be at most {max} bytes.").ToResult();
        }

        var (body, notUtf8At) = Decode(bytes);
        var headers = WebhookAuthenticator.HeaderNames.ToDictionary(name => name, name => request.Headers[name].ToString(), StringComparer.OrdinalIgnoreCase);
        var auth = authenticator.Authenticate(scope, headers, bytes);
        if (!auth.Succeeded)
        {
            LogRejectedSignature(logger, scope, auth.Failure!);
            return WebhookResponses.Problem(StatusCodes.Status401Unauthorized, "The webhook signature is not valid.", auth.Failure!).ToResult();
        }

        if (notUtf8At is not null && !takesInvalidUtf8)
        {
            handle = (unreadable, _) => Task.FromResult(NotUtf8(unreadable));
        }

        var delivery = new SignedDelivery(auth.Partner!, auth.WebhookId!, body) { NotUtf8At = notUtf8At };
        return await OnceAsync(scope, delivery, handle, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="handle"/> once per webhook-id (per endpoint and partner): claims the id in the ledger,
    /// answers a completed one with its stored response and one in progress 409, and remembers the response; any
    /// failure of ours releases the claim and answers 503, so the sender retries and nothing is lost.
    /// </summary>
    private async Task<IResult> OnceAsync(string scope, SignedDelivery delivery, Func<SignedDelivery, CancellationToken, Task<StoredResponse>> handle, CancellationToken cancellationToken)
    {
        var (webhookId, ledgerScope) = (delivery.WebhookId, LedgerScope(scope, delivery.Partner));
        LedgerClaim claim;
        try
        {
            claim = await ledger.TryClaimAsync(ledgerScope, webhookId, time.GetUtcNow(), TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHandlerFailed(logger, ex, scope, webhookId);
            return Unavailable();
        }

        switch (claim.Status)
        {
            case ClaimStatus.Completed:
                LogReplayed(logger, scope, webhookId);
                return claim.Response!.ToResult(replayed: true);
            case ClaimStatus.InProgress:
                return WebhookResponses.Problem(StatusCodes.Status409Conflict, "This delivery is being processed.", $"webhook-id {webhookId} is in progress; retry later.").ToResult();
        }

        StoredResponse response;
        try
        {
            response = await handle(delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHandlerFailed(logger, ex, scope, webhookId);
            await TryReleaseAsync(ledgerScope, webhookId).ConfigureAwait(false);
            return Unavailable();
        }
        catch (OperationCanceledException)
        {
            await TryReleaseAsync(ledgerScope, webhookId).ConfigureAwait(false);
            throw;
        }

        return await RememberAsync(scope, ledgerScope, webhookId, response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IResult> RememberAsync(string scope, string ledgerScope, string webhookId, StoredResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await ledger.CompleteAsync(ledgerScope, webhookId, response, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The work is done but not remembered: the sender retries after the lease, and the work is idempotent downstream.
            LogHandlerFailed(logger, ex, scope, webhookId);
            return Unavailable();
        }

        return response.ToResult();
    }

    /// <summary>
    /// Webhook-ids are the sender's: two partners on one endpoint may use the same id for different deliveries, so the
    /// ledger keeps them apart by endpoint and partner ("provident-fund~gjj_shanghai"; partner ids are letters, digits and '_').
    /// </summary>
    public static string LedgerScope(string scope, string partner) => scope + "~" + partner.ToLowerInvariant();

    private static IResult Unavailable() =>
        WebhookResponses.Problem(StatusCodes.Status503ServiceUnavailable, "Temporarily unable to accept the delivery.", "Retry the same delivery later.").ToResult();

    private async Task TryReleaseAsync(string scope, string webhookId)
    {
        try
        {
            await ledger.ReleaseAsync(scope, webhookId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease runs out on its own; a retry then takes the id over.
            LogHandlerFailed(logger, ex, scope, webhookId);
        }
    }

    /// <summary>The answer to a signed body that is not UTF-8, naming the first bad byte.</summary>
    public static StoredResponse NotUtf8(SignedDelivery delivery)
    {
        var errors = new ValidationErrors();
        ReadEnvelope(delivery, [], errors, checkData: true);
        return WebhookResponses.Invalid(errors, "The body is not UTF-8 JSON.");
    }

    /// <summary>Reads the Standard Webhooks envelope {type, timestamp, data}; the type must be one of <paramref name="allowedTypes"/>.</summary>
    public static (string Type, JsonElement Data)? ReadEnvelope(string body, IReadOnlyCollection<string> allowedTypes, ValidationErrors errors) =>
        ReadEnvelope(new SignedDelivery(string.Empty, string.Empty, body), allowedTypes, errors, checkData: true);

    /// <summary>
    /// Reads the envelope of a delivery. Its text must be sound (see <see cref="JsonText"/>): with
    /// <paramref name="checkData"/> false, "data" is left to be judged record by record (the ingestor checks
    /// each), and only the envelope's own members are checked here.
    /// </summary>
    public static (string Type, JsonElement Data)? ReadEnvelope(SignedDelivery delivery, IReadOnlyCollection<string> allowedTypes, ValidationErrors errors, bool checkData)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(allowedTypes);
        ArgumentNullException.ThrowIfNull(errors);
        if (delivery.NotUtf8At is { } offset)
        {
            errors.Add("$", string.Create(CultureInfo.InvariantCulture, $"is not valid UTF-8 (first bad byte at offset {offset}); JSON must be UTF-8"));
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(delivery.Body);
        }
        catch (JsonException ex)
        {
            errors.Add("$", $"the body is not valid JSON: {ex.Message}");
            return null;
        }

        using (document)
        {
            if (JsonFields.Object(document.RootElement, "$", errors) is not { } envelope)
            {
                return null;
            }

            var sound = checkData
                ? JsonText.Check(document.RootElement, "$", errors)
                : JsonText.CheckMembers(document.RootElement, "$", "data", errors);
            if (!sound)
            {
                return null;
            }

            return TypeAndData(document.RootElement, envelope, allowedTypes, errors);
        }
    }

    /// <summary>The envelope's type (one of <paramref name="allowedTypes"/>) and its data (required), or null with the errors recorded.</summary>
    private static (string Type, JsonElement Data)? TypeAndData(JsonElement root, JsonFields envelope, IReadOnlyCollection<string> allowedTypes, ValidationErrors errors)
    {
        var type = envelope.String("type", 128);
        if (type is not null && !allowedTypes.Contains(type))
        {
            envelope.Error("type", $"must be one of {string.Join(", ", allowedTypes.Select(t => $"'{t}'"))} on this endpoint");
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
        {
            envelope.Error("data", "is required");
            return null;
        }

        return errors.Any ? null : (type!, data.Clone());
    }

    /// <summary>The body as text, or (when it is not UTF-8) with U+FFFD for bad bytes and where the first one is.</summary>
    private static (string Body, int? NotUtf8At) Decode(byte[] bytes)
    {
        try
        {
            return (StrictUtf8.GetString(bytes), null);
        }
        catch (DecoderFallbackException)
        {
            var chars = new char[bytes.Length];
            System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var valid, out _, replaceInvalidSequences: false);
            return (Encoding.UTF8.GetString(bytes), valid);
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected webhook on {Scope}: {Reason}")]
    private static partial void LogRejectedSignature(ILogger logger, string scope, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed the stored response for webhook {WebhookId} on {Scope}")]
    private static partial void LogReplayed(ILogger logger, string scope, string webhookId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling webhook {WebhookId} on {Scope} failed; released it for a retry")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string scope, string webhookId);
}
