using LifeWindow.Domain.CustomerTools;
using LifeWindow.Domain.Windows;
using LifeWindow.Functions.Operations;

namespace LifeWindow.Functions.CustomerTools;

/// <summary>
/// The customer tools, for the bank's app and the relationship manager (function key in Azure). Each reads its body
/// field by field and answers every refused field in one 400 problem; docs/customer-tools.md has worked examples.
/// <list type="bullet">
/// <item>POST /api/tools/mortgage — the mortgage repayment simulator (按揭还款模拟器): a schedule by equal instalments or
/// equal principal, to the fen; what a prepayment saves (a lower payment or a shorter term), against investing the same
/// amount at a yield, at once or monthly; what a refinance at a new rate saves net of its fees.</item>
/// <item>POST /api/tools/reverse-mortgage — the reverse-mortgage payout estimate (以房养老): the most the home can pay a
/// month for the years asked, and for a payout asked for, the debt it comes to against the share of the home's
/// projected value.</item>
/// <item>POST /api/tools/education-loan — the education reserve loan's staged draws (教育储备金贷款): interest while the
/// school stages draw, the repayment after, against drawing everything at opening.</item>
/// <item>POST /api/tools/wealth-health — the wealth health check (财富健康度测评): a score of five parts, its grade,
/// what to do first, and the catalog's wealth products within the customer's risk level.</item>
/// </list>
/// </summary>
public sealed class CustomerToolFunctions(RuleCatalog catalog)
{
    [Function("SimulateMortgage")]
    public Task<IResult> SimulateMortgage(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "tools/mortgage")] HttpRequest request,
        CancellationToken cancellationToken) =>
        AnswerAsync(request, MortgageSimulation.Read, simulation => simulation.Answer(), cancellationToken);

    [Function("EstimateReverseMortgage")]
    public Task<IResult> EstimateReverseMortgage(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "tools/reverse-mortgage")] HttpRequest request,
        CancellationToken cancellationToken) =>
        AnswerAsync(request, ReverseMortgageAsk.Read, asked => asked.Answer(), cancellationToken);

    [Function("SimulateEducationLoan")]
    public Task<IResult> SimulateEducationLoan(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "tools/education-loan")] HttpRequest request,
        CancellationToken cancellationToken) =>
        AnswerAsync(request, EducationLoanAsk.Read, asked => asked.Answer(), cancellationToken);

    [Function("AssessWealthHealth")]
    public Task<IResult> AssessWealthHealth(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "tools/wealth-health")] HttpRequest request,
        CancellationToken cancellationToken) =>
        AnswerAsync(request, WealthAsk.Read, inputs => WealthAsk.Answer(WealthHealth.Assess(inputs, catalog)), cancellationToken);

    private static async Task<IResult> AnswerAsync<T>(HttpRequest request, Func<OperatorSubmission, T?> read, Func<T, object> answer, CancellationToken cancellationToken)
        where T : class
    {
        var (asked, refusal) = await OperatorSubmission.ReadAnswerAsync(request, null, null, read, cancellationToken);
        return asked is null ? refusal! : Results.Json(answer(asked), LifeWindowJson.Options);
    }
}
