using LifeWindow.Functions.Operations;

namespace LifeWindow.Functions.CustomerTools;

/// <summary>
/// POST /api/tools/mortgage: the mortgage repayment simulator (按揭还款模拟器) for the customer app and the relationship
/// manager: a schedule by equal instalments or equal principal, to the fen; what a prepayment saves (a lower payment or
/// a shorter term), against investing the same amount at a yield; what a refinance at a new rate saves net of its fees.
/// Every refused field is named in one 400 problem. docs/customer-tools.md has worked examples.
/// </summary>
public sealed class MortgageSimulatorFunction
{
    [Function("SimulateMortgage")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "tools/mortgage")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (simulation, refusal) = await OperatorSubmission.ReadAnswerAsync(request, null, null, MortgageSimulation.Read, cancellationToken);
        return simulation is null ? refusal! : Results.Json(simulation.Answer(), LifeWindowJson.Options);
    }
}
