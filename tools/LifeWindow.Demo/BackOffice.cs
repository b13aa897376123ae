using System.Net.Http.Json;
using System.Text.Json;
using LifeWindow.Functions.Operations;
using LifeWindow.Orchestrations.IncomeVerification;
using Microsoft.DurableTask.Client;

namespace LifeWindow.Demo;

/// <summary>
/// The bank's back office, played by the demo over the host's operator endpoints: when a credit offer's income
/// verification asks for documents it submits them (POST /api/workflows/iv-…/documents) and then approves the
/// review (…/reviews); when a credit decision above the authority limit waits for four-eyes approval, two
/// different approvers approve it (POST /api/workflows/cd-…/approvals). Each action is recorded once.
/// </summary>
public sealed class BackOffice(HttpClient http, DurableTaskClient durable, OperatorOptions operators)
{
    public const string DocumentsClerk = "backoffice.li";
    public const string Reviewer = "backoffice.wang";
    public static readonly IReadOnlyList<string> Approvers = ["approver.zhao", "approver.qian"];

    private readonly List<string> actions = [];
    private readonly HashSet<string> done = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Actions => actions;

    /// <summary>Answers whatever the offer workflow's sub-orchestration waits for, given the offer's custom status.</summary>
    public async Task ActAsync(string offerInstanceId, string? offerStatus, CancellationToken cancellationToken)
    {
        if (offerStatus?.Contains("VerifyingIncome", StringComparison.Ordinal) == true)
        {
            var id = IncomeVerificationOrchestrator.InstanceIdFor(offerInstanceId);
            var (stage, round) = await StageAsync(id, cancellationToken);
            if (stage == IncomeVerificationStages.AwaitingDocuments && round is not null && done.Add(round))
            {
                await PostAsync(id, "documents", new { roundId = round, documentIds = new[] { "doc-payslip-" + offerInstanceId[^6..], "doc-tax-" + offerInstanceId[^6..] } }, $"{id}: documents submitted by {DocumentsClerk}", cancellationToken, TokenOf(DocumentsClerk));
            }
            else if (stage == IncomeVerificationStages.AwaitingReview && round is not null && done.Add(round))
            {
                await PostAsync(id, "reviews", new { roundId = round, decision = nameof(ReviewDecision.Approved), note = "payslips and tax records match" }, $"{id}: income review approved by {Reviewer}", cancellationToken, TokenOf(Reviewer));
            }
        }
        else if (offerStatus?.Contains("DecidingCredit", StringComparison.Ordinal) == true)
        {
            var id = CreditDecisionInput.InstanceIdFor(offerInstanceId);
            var (stage, _) = await StageAsync(id, cancellationToken);
            if (stage is CreditDecisionStatus.AwaitingApproval or CreditDecisionStatus.Escalated && done.Add(id))
            {
                foreach (var approver in Approvers)
                {
                    // Each approver signs in with their own operator token: the approval is in the name of who sends it.
                    await PostAsync(id, "approvals", new { decision = "approve", comment = "four-eyes: within policy" }, $"{id}: approved by {approver}", cancellationToken, TokenOf(approver));
                }
            }
        }
    }

    /// <summary>The operator token (Operators:Tokens) the back-office person signs in with.</summary>
    private string? TokenOf(string operatorId) => operators.Tokens.FirstOrDefault(t => t.Value == operatorId).Key;

    private async Task<(string? Stage, string? RoundId)> StageAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await durable.GetInstanceAsync(instanceId, cancellation: cancellationToken);
        if (instance?.SerializedCustomStatus is not { Length: > 0 } status)
        {
            return (null, null);
        }

        using var json = JsonDocument.Parse(status);
        var root = json.RootElement;
        return (
            root.TryGetProperty("stage", out var stage) ? stage.GetString() : null,
            root.TryGetProperty("roundId", out var round) && round.ValueKind == JsonValueKind.String ? round.GetString() : null);
    }

    private async Task PostAsync(string instanceId, string action, object body, string description, CancellationToken cancellationToken, string? operatorToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/{instanceId}/{action}") { Content = JsonContent.Create(body) };
        if (operatorToken is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", operatorToken);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        actions.Add(string.Create(CultureInfo.InvariantCulture, $"{description} → {(int)response.StatusCode}"));
    }
}
