using LifeWindow.Functions.Operations;
using LifeWindow.Integration.Credit;

namespace LifeWindow.Functions.Credit;

/// <summary>
/// GET /api/customers/{customerKey}/credit-line — the customer's revolving 备用金 lines as the limit review keeps them
/// (docs/risk-side.md): the bank's limit and drawn balance, the limit in force, what can be drawn, and the review holding
/// the line down, if any. 400 for a malformed key, 404 when no line of the customer's has been seen.
/// </summary>
public sealed class CreditLineFunctions(IRevolvingLineStore lines)
{
    [Function("GetCreditLine")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{customerKey}/credit-line")] HttpRequest request,
        string customerKey,
        CancellationToken cancellationToken)
    {
        if (WorkflowRequests.InvalidInstanceId(customerKey, "customerKey") is { } invalid)
        {
            return invalid;
        }

        var stored = await lines.GetAsync(customerKey, cancellationToken);
        return stored.Lines.Count > 0
            ? Results.Json(new { stored.CustomerKey, Lines = stored.Lines.Select(l => new { l.AccountId, l.BankLimit, l.Outstanding, l.Limit, l.Available, l.Frozen, l.Review }), stored.UpdatedAt }, LifeWindowJson.Options)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No revolving line for this customer.", detail: customerKey);
    }
}
