using System.Text.Json;
using LifeWindow.Integration.Serialization;

namespace LifeWindow.Orchestrations.IncomeVerification;

/// <summary>What became of an operator's document or review submission.</summary>
public enum SubmitOutcome
{
    Raised,
    NotFound,

    /// <summary>The instance is not at the stage the submission answers (finished, or waiting for something else).</summary>
    NotWaiting,

    /// <summary>The instance waits at that stage, but for another round (the caller's round timed out).</summary>
    StaleRound,
}

public sealed record SubmitResult(SubmitOutcome Outcome, IncomeVerificationStatus? Status);

/// <summary>
/// Starts income verifications and delivers operators' documents and reviews, over a DurableTaskClient
/// (the Functions host binds one with [DurableClient]; the local host passes its DTFx-backed client).
/// </summary>
public sealed class IncomeVerificationClient(DurableTaskClient client)
{
    /// <summary>Starts the verification of an application unless it exists; the policy is captured into the input here.</summary>
    public async Task<(string InstanceId, bool Started)> StartAsync(
        string applicationId, string customerKey, decimal declaredMonthlyIncome, IncomeVerificationPolicy policy, CancellationToken cancellationToken)
    {
        var instanceId = IncomeVerificationOrchestrator.InstanceIdFor(applicationId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return (instanceId, false);
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(IncomeVerificationOrchestrator),
                new IncomeVerificationInput(applicationId, customerKey, declaredMonthlyIncome, policy),
                new StartOrchestrationOptions(instanceId),
                cancellationToken).ConfigureAwait(false);
            return (instanceId, true);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Started by a concurrent request between the check and the start: the one instance exists.
            if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }

            return (instanceId, false);
        }
    }

    public Task<SubmitResult> SubmitDocumentsAsync(string instanceId, DocumentsSubmitted documents, CancellationToken cancellationToken) =>
        RaiseAsync(instanceId, IncomeVerificationStages.AwaitingDocuments, IncomeVerificationOrchestrator.DocumentsSubmittedEvent, documents, cancellationToken);

    public Task<SubmitResult> SubmitReviewAsync(string instanceId, ReviewCompleted review, CancellationToken cancellationToken) =>
        RaiseAsync(instanceId, IncomeVerificationStages.AwaitingReview, IncomeVerificationOrchestrator.ReviewCompletedEvent, review, cancellationToken);

    /// <summary>
    /// Refuses early what the orchestrator would discard (wrong stage or round), so the operator hears why.
    /// A round can still time out between this check and the event: the orchestrator then discards it.
    /// </summary>
    private async Task<SubmitResult> RaiseAsync<T>(string instanceId, string stage, string eventName, T payload, CancellationToken cancellationToken)
        where T : IRoundEvent
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Name != nameof(IncomeVerificationOrchestrator))
        {
            return new SubmitResult(SubmitOutcome.NotFound, null);
        }

        var status = StatusOf(instance);
        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Running || status?.Stage != stage)
        {
            return new SubmitResult(SubmitOutcome.NotWaiting, status);
        }

        if (!string.Equals(status.RoundId, payload.RoundId, StringComparison.Ordinal))
        {
            return new SubmitResult(SubmitOutcome.StaleRound, status);
        }

        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken).ConfigureAwait(false);
        return new SubmitResult(SubmitOutcome.Raised, status);
    }

    public static IncomeVerificationStatus? StatusOf(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.SerializedCustomStatus is not { Length: > 0 } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<IncomeVerificationStatus>(json, LifeWindowJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
