using LifeWindow.Domain.Demand;
using LifeWindow.Integration.Demand;
using System.Globalization;
using LifeWindow.Integration.Audit;
using LifeWindow.Orchestrations;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// The demand model in the offer workflow on the real DTFx engine (in-memory): the plan scores the window, the lead and
/// the offer.planned audit entry carry the model's version, score and arm, the control arm is not contacted and the
/// challenger contacts only at or above the capacity threshold.
/// </summary>
public sealed class DemandModelOfferTests : IDisposable
{
    private readonly string modelPath = Path.Combine(Path.GetTempPath(), $"demand-offer-{Guid.NewGuid():N}.zip");

    public void Dispose() => File.Delete(modelPath);

    /// <summary>A small model on the host catalog's features; its holdout quantiles all <paramref name="threshold"/>, so the challenger threshold is that.</summary>
    private void SaveModel(double threshold)
    {
        var catalog = RuleCatalogLoader.LoadDefault();
        var features = DemandFeatureSet.For(catalog);
        var random = new Random(5);
        var examples = Enumerable.Range(0, 300).Select(_ =>
        {
            var vector = new float[features.Count];
            vector[0] = (float)random.NextDouble();
            return new DemandExample(vector, random.NextDouble() < 0.2 + (0.5 * vector[0]));
        }).ToList();
        DemandModel.Train(features, catalog.Version, examples, new DemandTrainingOptions { Trees = 5, Leaves = 4, MinimumExamplesPerLeaf = 5 })
            .With(m => m with { ScoreQuantiles = [.. Enumerable.Repeat(threshold, 101)] })
            .Save(modelPath);
    }

    private Task<RunningHost> StartAsync(double threshold, bool experiment, double control = 0, double challenger = 0)
    {
        SaveModel(threshold);
        return RunningHost.StartAsync(overrides: new Dictionary<string, string?>(OfferOrchestratorTests.NoQuietHours)
        {
            ["Models:Demand:ModelPath"] = modelPath,
            ["Models:Demand:Experiment:Enabled"] = experiment ? "true" : "false",
            ["Models:Demand:Experiment:ControlShare"] = control.ToString(CultureInfo.InvariantCulture),
            ["Models:Demand:Experiment:ChallengerShare"] = challenger.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static async Task<Window> StartOfferAsync(RunningHost host, string customer)
    {
        await CreditOffers.SeedIncomeAsync(host, customer);
        await OfferOrchestratorTests.GrantConsentsAsync(host, customer);
        var window = OfferOrchestratorTests.NewWindow(customer, DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).StartOfferAsync(window, CancellationToken.None);
        return window;
    }

    private static async Task<AuditEntry> PlannedAsync(RunningHost host, string customer) =>
        Assert.Single(await host.Get<IAuditLog>().ReadForCustomerAsync(customer, CancellationToken.None).ToListAsync(), r => r.Entry.Kind == AuditKinds.OfferPlanned).Entry;

    [Fact]
    public async Task Challenger_ScoreAboveTheThreshold_LeadAndAuditCarryVersionScoreAndArm()
    {
        await using var host = await StartAsync(threshold: 0, experiment: true, challenger: 1);
        var window = await StartOfferAsync(host, "k-demand-challenger");
        await WorkflowWaits.StageAsync(host, window.WindowId, "AwaitingOutcome");

        var version = host.Get<DemandScorer>().Model!.Version;
        var body = Assert.Single(host.Get<CrmSink>().Leads).Body.GetProperty("model");
        Assert.Equal(version, body.GetProperty("version").GetString());
        Assert.Equal("Challenger", body.GetProperty("arm").GetString());
        var score = body.GetProperty("score").GetDouble();
        Assert.InRange(score, 0, 1);
        var stored = (await host.Get<ILeadStore>().GetAsync(window.CustomerKey, Lead.IdFor(window.WindowId), CancellationToken.None))!.Lead;
        Assert.Equal(new ModelVerdict(version, score, ExperimentArm.Challenger), stored.Model);
        var planned = await PlannedAsync(host, window.CustomerKey);
        Assert.Contains("Arm:Challenger", planned.ReasonCodes);
        Assert.Contains("Model:" + version, planned.ReasonCodes);
        Assert.Contains("ModelScore:" + score.ToString("0.000000", CultureInfo.InvariantCulture), planned.ReasonCodes);
    }

    [Fact]
    public async Task Challenger_ScoreBelowTheThreshold_NotContacted()
    {
        await using var host = await StartAsync(threshold: 1.0, experiment: true, challenger: 1);
        var window = await StartOfferAsync(host, "k-demand-below");

        var result = await WorkflowWaits.ResultAsync<OfferResult>(host, window.WindowId);

        Assert.StartsWith("BelowModelThreshold: score", result.NotContactedReason, StringComparison.Ordinal);
        Assert.Empty(host.Get<CrmSink>().Leads);
        Assert.Contains("Arm:Challenger", (await PlannedAsync(host, window.CustomerKey)).ReasonCodes);
    }

    [Fact]
    public async Task Control_NeverContacted_ButPlannedAndAudited()
    {
        await using var host = await StartAsync(threshold: 0, experiment: true, control: 1);
        var window = await StartOfferAsync(host, "k-demand-control");

        var result = await WorkflowWaits.ResultAsync<OfferResult>(host, window.WindowId);

        Assert.StartsWith("ControlGroup:", result.NotContactedReason, StringComparison.Ordinal);
        Assert.Equal("LimitUpgradeReview", result.OfferId);
        Assert.Empty(host.Get<CrmSink>().Leads);
        var planned = await PlannedAsync(host, window.CustomerKey);
        Assert.Contains("Refused", planned.ReasonCodes);
        Assert.Contains("Arm:Control", planned.ReasonCodes);
        Assert.Contains("ControlGroup", planned.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelWithoutExperiment_LeadCarriesTheScoreAndNoArm()
    {
        await using var host = await StartAsync(threshold: 1.0, experiment: false);
        var window = await StartOfferAsync(host, "k-demand-shadow");
        await WorkflowWaits.StageAsync(host, window.WindowId, "AwaitingOutcome");

        var model = Assert.Single(host.Get<CrmSink>().Leads).Body.GetProperty("model");
        Assert.Equal(host.Get<DemandScorer>().Model!.Version, model.GetProperty("version").GetString());
        Assert.False(model.TryGetProperty("arm", out _));
        Assert.DoesNotContain((await PlannedAsync(host, window.CustomerKey)).ReasonCodes, c => c.StartsWith("Arm:", StringComparison.Ordinal));
    }
}
