using System.Diagnostics;
using LifeWindow.Integration.Feeds.Bank;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace LifeWindow.Integration.Intents;

/// <summary>
/// Reads catalog intents from a call snippet with ML.NET: character 1–3-grams (Chinese has no spaces between words,
/// so the featurizer sees characters, not words), L2-normalised, and one L-BFGS logistic regression per intent
/// (multi-label: a snippet may say both). Digit runs are masked (<see cref="TranscriptRedactor.Redact"/>) before
/// training and before every prediction, as at ingress. Trained at start-up from the committed dataset: a few hundred
/// short utterances take well under a few seconds, single-threaded with a fixed seed, so the same data gives the same model.
/// </summary>
public sealed class IntentClassifier : IIntentReader
{
    public const int Seed = 15;

    private static readonly Lazy<IntentClassifier> Trained = new(() => Train(IntentDataset.Default.Version, IntentDataset.Default.Examples));

    private readonly IReadOnlyDictionary<string, PredictionEngine<Utterance, Verdict>> engines;
    private readonly Lock gate = new();

    private IntentClassifier(string version, IReadOnlyDictionary<string, PredictionEngine<Utterance, Verdict>> engines, TimeSpan trainingTime)
    {
        Version = version;
        this.engines = engines;
        Labels = [.. engines.Keys.Order(StringComparer.Ordinal)];
        TrainingTime = trainingTime;
    }

    /// <summary>The classifier trained on the whole committed dataset, once per process.</summary>
    public static IntentClassifier Default => Trained.Value;

    /// <summary>The dataset version it was trained from.</summary>
    public string Version { get; }

    public IReadOnlyCollection<string> Labels { get; }

    public TimeSpan TrainingTime { get; }

    /// <summary>What the featurizer sees of a snippet: digit runs masked.</summary>
    public static string Prepare(string snippet) => TranscriptRedactor.Redact(snippet);

    public static IntentClassifier Train(string version, IReadOnlyList<IntentExample> examples)
    {
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(seed: Seed);
        var labels = examples.SelectMany(e => e.Labels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var engines = new Dictionary<string, PredictionEngine<Utterance, Verdict>>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            var rows = ml.Data.LoadFromEnumerable(examples.Select(e => new Utterance { Text = Prepare(e.Text), Label = e.Has(label) }).ToList());
            var model = Pipeline(ml).Fit(rows);
            engines[label] = ml.Model.CreatePredictionEngine<Utterance, Verdict>(model);
        }

        return new IntentClassifier(version, engines, clock.Elapsed);
    }

    public IReadOnlyList<string> Read(string snippet) =>
        [.. Probabilities(snippet).Where(p => p.Value >= 0.5f).Select(p => p.Key)];

    /// <summary>Each intent's probability for a snippet, by intent (ordinal order).</summary>
    public IReadOnlyList<KeyValuePair<string, float>> Probabilities(string snippet)
    {
        ArgumentNullException.ThrowIfNull(snippet);
        var input = new Utterance { Text = Prepare(snippet) };
        lock (gate)
        {
            // A prediction engine is not thread-safe; snippets are rare enough that one lock is cheaper than a pool.
            return [.. Labels.Select(l => KeyValuePair.Create(l, engines[l].Predict(input).Probability))];
        }
    }

    /// <summary>The catalog with this classifier reading its intents; fails when the labels are not the catalog's tags.intents.</summary>
    public RuleCatalog AttachTo(RuleCatalog catalog)
    {
        if (IntentDataset.LabelMismatch(Version, Labels, catalog.Version, catalog.Tags.Intents.Keys) is { } problem)
        {
            throw new InvalidCatalogException(problem);
        }

        return catalog with { Tags = catalog.Tags with { IntentReader = this } };
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml) =>
        ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                WordFeatureExtractor = null,
                CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = true },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(Utterance.Text))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(Utterance.Label),
                FeatureColumnName = "Features",
                L1Regularization = 0f,
                L2Regularization = 0.01f,
                NumberOfThreads = 1,
            }));

    private sealed class Utterance
    {
        public string Text { get; set; } = string.Empty;

        public bool Label { get; set; }
    }

    private sealed class Verdict
    {
        public float Probability { get; set; }
    }
}
