using LifeWindow.Functions.Operations;
using LifeWindow.Integration.CustomerTools;

namespace LifeWindow.Functions.CustomerTools;

/// <summary>
/// GET /api/customers/{customerKey}/mortgage-zone — the mortgage-customer zone (房贷客户专区) for the bank's app (function key
/// in Azure): the home's value and the mortgage, the credit left under the unified exposure, the open offers and the
/// monthly-payment investment plan (月供定投计划). 400 for a malformed key, 404 for a customer with no profile;
/// docs/customer-tools.md has the rules and a worked example.
/// </summary>
public sealed class MortgageZoneFunctions(MortgageZoneReader zone)
{
    [Function("GetMortgageZone")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{customerKey}/mortgage-zone")] HttpRequest request,
        string customerKey,
        CancellationToken cancellationToken)
    {
        if (WorkflowRequests.InvalidInstanceId(customerKey, "customerKey") is { } invalid)
        {
            return invalid;
        }

        return await zone.ReadAsync(customerKey, cancellationToken) is { } answer
            ? Results.Json(answer, LifeWindowJson.Options)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such customer.", detail: customerKey);
    }
}
