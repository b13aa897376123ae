using System.Text;
using System.Text.Json;
using LifeWindow.Integration.Feeds;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LifeWindow.Integration.Webhooks;

/// <summary>A verified delivery: who sent it, its webhook-id and its body.</summary>
public sealed record SignedDelivery(string Partner, string WebhookId, string Body);

/// <summary>
/// What every signed webhook endpoint does before its own work: bound the body (413), verify the
/// Standard Webhooks signature (401), and make redeliveries of a webhook-id idempotent (the first
/// response is replayed). Failures of our own make the sender retry (503) and never lose the delivery.
/// </summary>
public sealed partial class SignedWebhookPipeline(
    WebhookAuthenticator authenticator,
    IWebhookLedger ledger,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<SignedWebhookPipeline> logger)
{
    public async Task<IResult> RunAsync(string scope, HttpRequest request, Func<SignedDelivery, CancellationToken, Task<StoredResponse>> handle, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxBodyBytes;
        var body = request.ContentLength > max ? null : await ReadBodyAsync(request.Body, max, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return WebhookResponses.Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large.", $"The body must be at most {max} bytes.").ToResult();
        }

        var auth = authenticator.Authenticate(scope, request.Headers, body);
        if (!auth.Succeeded)
        {
            LogRejectedSignature(logger, scope, auth.Failure!);
            return WebhookResponses.Problem(StatusCodes.Status401Unauthorized, "The webhook signature is not valid.", auth.Failure!).ToResult();
        }

        var webhookId = auth.WebhookId!;
        LedgerClaim claim;
        try
        {
            claim = await ledger.TryClaimAsync(scope, webhookId, time.GetUtcNow(), TimeSpan.FromSeconds(options.Value.ClaimLeaseSeconds), cancellationToken).ConfigureAwait(false);
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
            response = await handle(new SignedDelivery(auth.Partner!, webhookId, body), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHandlerFailed(logger, ex, scope, webhookId);
            await TryReleaseAsync(scope, webhookId).ConfigureAwait(false);
            return Unavailable();
        }
        catch (OperationCanceledException)
        {
            await TryReleaseAsync(scope, webhookId).ConfigureAwait(false);
            throw;
        }

        try
        {
            await ledger.CompleteAsync(scope, webhookId, response, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The work is done but not remembered: the sender retries after the lease, and the work is idempotent downstream.
            LogHandlerFailed(logger, ex, scope, webhookId);
            return Unavailable();
        }

        return response.ToResult();
    }

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

    /// <summary>Reads the Standard Webhooks envelope {type, timestamp, data}; the type must be one of <paramref name="allowedTypes"/>.</summary>
    public static (string Type, JsonElement Data)? ReadEnvelope(string body, IReadOnlyCollection<string> allowedTypes, ValidationErrors errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
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

            var type = envelope.String("type", 128);
            if (type is not null && !allowedTypes.Contains(type))
            {
                envelope.Error("type", $"must be one of {string.Join(", ", allowedTypes.Select(t => $"'{t}'"))} on this endpoint");
            }

            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
            {
                envelope.Error("data", "is required");
                return null;
            }

            return errors.Any ? null : (type!, data.Clone());
        }
    }

    private static async Task<string?> ReadBodyAsync(Stream body, int max, CancellationToken cancellationToken)
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

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected webhook on {Scope}: {Reason}")]
    private static partial void LogRejectedSignature(ILogger logger, string scope, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed the stored response for webhook {WebhookId} on {Scope}")]
    private static partial void LogReplayed(ILogger logger, string scope, string webhookId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling webhook {WebhookId} on {Scope} failed; released it for a retry")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string scope, string webhookId);
}
