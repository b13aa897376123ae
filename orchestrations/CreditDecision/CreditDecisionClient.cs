using System.Text.Json;
using LifeWindow.Integration.Serialization;

namespace LifeWindow.Orchestrations.CreditDecision;

public enum ApprovalRaise
{
    Raised,
    NotFound,
    NotAwaitingApproval,
}

/// <summary>
/// Starts credit decisions and delivers approvers' verdicts over a DurableTaskClient (the Functions host's
/// [DurableClient] or the local host's DTFx client).
/// </summary>
public sealed class CreditDecisionClient(DurableTaskClient client)
{
    /// <summary>Starts the decision for the application unless it exists (instance id "cd-" + application id); returns the instance id.</summary>
    public async Task<string> StartAsync(
        string applicationId, string customerKey, decimal requestedAmount, string product, CreditPolicy policy, CancellationToken cancellationToken, decimal? verifiedMonthlyIncome = null)
    {
        var instanceId = CreditDecisionInput.InstanceIdFor(applicationId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return instanceId;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(CreditDecisionOrchestrator),
                new CreditDecisionInput(applicationId, customerKey, requestedAmount, product, policy, VerifiedMonthlyIncome: verifiedMonthlyIncome),
                new StartOrchestrationOptions(instanceId),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Started by someone else between our check and our start: the one decision exists.
            if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }
        }

        return instanceId;
    }

    /// <summary>Raises the verdict on the decision if it is waiting for approvers (its custom status says so).</summary>
    public async Task<ApprovalRaise> SubmitApprovalAsync(string instanceId, ApprovalSubmitted approval, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null || instance.Name != nameof(CreditDecisionOrchestrator))
        {
            return ApprovalRaise.NotFound;
        }

        if (instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended) || !IsAwaitingApproval(instance.SerializedCustomStatus))
        {
            return ApprovalRaise.NotAwaitingApproval;
        }

        await client.RaiseEventAsync(instanceId, CreditDecisionOrchestrator.ApprovalEvent, approval, cancellationToken).ConfigureAwait(false);
        return ApprovalRaise.Raised;
    }

    private static bool IsAwaitingApproval(string? customStatus)
    {
        if (string.IsNullOrEmpty(customStatus))
        {
            return false;
        }

        try
        {
            return JsonSerializer.Deserialize<CreditDecisionStatus>(customStatus, LifeWindowJson.Options)?.IsAwaitingApproval == true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
