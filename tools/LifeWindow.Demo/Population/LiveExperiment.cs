using System.Text.Json;
using LifeWindow.Domain.Demand;
using LifeWindow.Domain.Windows;
using LifeWindow.Sandbox.Crm;
using LifeWindow.Sandbox.Demand;
using LifeWindow.Sandbox.Population;

namespace LifeWindow.Demo.Population;

/// <summary>
/// The champion/challenger experiment of the population run, live (issue 15). Before the run, the demand model is trained
/// on the history of the population's first customers (<see cref="DemandExperiment"/>: replayed month by month, trained on
/// the earlier months, evaluated on the last twelve, with the offline arms); the run's host scores every Marketing window
/// with it and splits customers into control, champion and challenger (<c>Models:Demand</c>). The simulated world
/// (<see cref="ConversionWorld"/>, hidden from the model) decides each contacted lead's outcome, which the CRM reports; at
/// the end every Marketing window the run opened counts in its customer's arm: converted if contacted and the world says
/// the contact converts, or if not contacted and it converts anyway.
/// </summary>
public sealed class LiveExperiment(SyntheticPopulation population, DemandExperimentSettings settings, string modelFile)
{
    private readonly ConversionWorld world = new(population.Seed);
    private readonly Dictionary<string, int> indexes = new(StringComparer.Ordinal);

    public DemandExperimentSettings Settings => settings;

    /// <summary>The model's evaluation and the offline arms, from training.</summary>
    public DemandExperimentReport? Training { get; private set; }

    public IReadOnlyList<ArmSummary> Arms { get; private set; } = [];

    /// <summary>What the run's host is started with: the model and the experiment's split.</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Models:Demand:ModelPath"] = modelFile,
        ["Models:Demand:Experiment:Enabled"] = "true",
        ["Models:Demand:Experiment:Salt"] = settings.Salt,
        ["Models:Demand:Experiment:ControlShare"] = settings.ControlShare.ToString(CultureInfo.InvariantCulture),
        ["Models:Demand:Experiment:ChallengerShare"] = settings.ChallengerShare.ToString(CultureInfo.InvariantCulture),
        ["Models:Demand:Experiment:Capacity"] = settings.Capacity.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Trains the model on the first <paramref name="customers"/> customers' history and saves it where the host will read it.</summary>
    public async Task TrainAsync(int customers, CancellationToken cancellationToken)
    {
        var history = new SyntheticPopulation(population.Seed, Math.Min(customers, population.Customers), population.LastMonth);
        Training = await DemandExperiment.RunAsync(history, settings, cancellationToken: cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(modelFile)!);
        Training.Model.Save(modelFile);
    }

    /// <summary>Remembers which generated customer a key is (the world decides from the generator's side).</summary>
    public void Loaded(SyntheticCustomer customer) => indexes[customer.CustomerKey] = customer.Index;

    /// <summary>What the relationship manager's call came to: the world's contacted outcome; a miss is a decline or, for some, no answer.</summary>
    public async Task<LeadOutcome> OutcomeAsync(IWindowStore windows, JsonElement lead, CancellationToken cancellationToken)
    {
        var customerKey = lead.GetProperty("customerKey").GetString()!;
        var window = await windows.GetAsync(customerKey, lead.GetProperty("windowId").GetString()!, cancellationToken);
        if (window is null || !indexes.TryGetValue(customerKey, out var index))
        {
            return LeadOutcome.Unreachable;
        }

        var outcome = world.Outcome(population.Customer(index), window);
        return outcome.IfContacted ? LeadOutcome.Accepted : window.WindowId[^1] is >= '0' and <= '5' ? LeadOutcome.Declined : LeadOutcome.Unreachable;
    }

    /// <summary>Counts every Marketing window of the run in its customer's arm; contacted means the CRM received its lead.</summary>
    public async Task MeasureAsync(IWindowStore windows, CrmSink crm, CancellationToken cancellationToken)
    {
        var delivered = crm.Leads.Select(l => l.Body.GetProperty("leadId").GetString()!).ToHashSet(StringComparer.Ordinal);
        var arms = settings.Arms;
        var counted = new List<(ExperimentArm Arm, string Customer, bool Contacted, bool Converted, double Uplift)>();
        await foreach (var window in windows.ListAsync(cancellationToken))
        {
            if (window.Category != RuleCategory.Marketing || !indexes.TryGetValue(window.CustomerKey, out var index))
            {
                continue;
            }

            var contacted = delivered.Contains(Lead.IdFor(window.WindowId));
            var outcome = world.Outcome(population.Customer(index), window);
            counted.Add((arms.Assign(window.CustomerKey), window.CustomerKey, contacted, contacted ? outcome.IfContacted : outcome.IfNotContacted, outcome.Chance.Uplift));
        }

        Arms = [.. Enum.GetValues<ExperimentArm>().Select(arm =>
        {
            var mine = counted.Where(c => c.Arm == arm).ToList();
            return new ArmSummary(arm, mine.Select(c => c.Customer).Distinct(StringComparer.Ordinal).Count(), mine.Count, mine.Count(c => c.Contacted), mine.Count(c => c.Converted), mine.Where(c => c.Contacted).Sum(c => c.Uplift));
        })];
    }

    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Training is { } training)
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Demand model, trained before the run on the history of the first {training.Customers:N0} customers:"));
            training.PrintEvaluation(output);
            output.WriteLine();
            output.WriteLine("Offline, on those customers' holdout months:");
            training.PrintUplift(output);
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Live, in this run (every Marketing window opened now; the champion contacts what the contact rules allow, the challenger only windows scoring in the model's top {settings.Capacity:0%}, the control no one):"));
        ArmTable.Print(output, Arms);
    }
}
