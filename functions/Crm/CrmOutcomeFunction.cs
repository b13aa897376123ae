using LifeWindow.Integration.Crm;
using LifeWindow.Orchestrations;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LifeWindow.Functions.Crm;

/// <summary>POST /api/crm/outcomes: the CRM reports what became of a lead; raised on the lead's offer workflow.</summary>
public sealed class CrmOutcomeFunction(CrmOutcomeHandler outcomes)
{
    [Function(nameof(CrmOutcomeFunction))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "crm/outcomes")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        outcomes.HandleAsync(request, new DurableWorkflowGateway(durable), cancellationToken);
}
