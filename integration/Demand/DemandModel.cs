using System.Diagnostics;
using System.IO.Compression;
using LifeWindow.Domain.Demand;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace LifeWindow.Integration.Demand;

/// <summary>One training or scoring example: a window's feature vector (<see cref="DemandFeatureSet"/>) and, to train, whether it converted.</summary>
public sealed record DemandExample(float[] Features, bool Converted);

/// <summary>The trainer's knobs; small numbers keep tests fast, the defaults are what docs/models.md reports.</summary>
public sealed record DemandTrainingOptions
{
    public int Trees { get; init; } = 100;

    /// <summary>Small trees and large leaves: on 10,000 customers 16 leaves of 20 overfitted (holdout AUC 0.633, top decile predicted 40% vs 22% observed).</summary>
    public int Leaves { get; init; } = 4;

    public int MinimumExamplesPerLeaf { get; init; } = 100;

    public double LearningRate { get; init; } = 0.05;

    public int Seed { get; init; } = 15;
}

/// <summary>
/// The demand-prediction model (issue 15): an ML.NET FastTree binary classifier (gradient-boosted trees, managed code,
/// Platt-calibrated probabilities) over <see cref="DemandFeatureSet"/> vectors, scoring how likely a window's customer is
/// to convert if contacted. Saved as one zip holding ML.NET's model (model.zip) and the manifest (manifest.json); loading
/// checks the manifest's feature list against the code's and refuses a model trained on other features. Single-threaded
/// with a fixed seed: the same examples give the same model. Scoring takes a lock (a prediction engine is not thread-safe).
/// </summary>
public sealed class DemandModel
{
    private const string ModelEntry = "model.zip";
    private const string ManifestEntry = "manifest.json";

    private static readonly JsonSerializerOptions Indented = new(LifeWindowJson.Options) { WriteIndented = true };

    private readonly MLContext ml;
    private readonly ITransformer transformer;
    private readonly PredictionEngine<Row, Verdict> engine;
    private readonly Lock gate = new();

    private DemandModel(MLContext ml, ITransformer transformer, DemandModelManifest manifest)
    {
        this.ml = ml;
        this.transformer = transformer;
        Manifest = manifest;
        engine = ml.Model.CreatePredictionEngine<Row, Verdict>(transformer, inputSchemaDefinition: Schema(manifest.Features.Count));
    }

    public DemandModelManifest Manifest { get; }

    public string Version => Manifest.ModelVersion;

    /// <summary>Trains on <paramref name="examples"/>; the manifest holds the features, trainer settings and training time (the caller adds the rest with <see cref="With"/>).</summary>
    public static DemandModel Train(DemandFeatureSet features, string catalogVersion, IReadOnlyList<DemandExample> examples, DemandTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new DemandTrainingOptions();
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(seed: options.Seed);
        var data = ml.Data.LoadFromEnumerable(examples.Select(e => new Row { Features = e.Features, Label = e.Converted }), Schema(features.Count));
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
            Seed = options.Seed,
        });
        var model = trainer.Fit(data);
        var manifest = new DemandModelManifest
        {
            ModelVersion = VersionOf(features.Hash, options, examples.Count),
            FeatureSetVersion = DemandFeatureSet.Version,
            FeatureSetHash = features.Hash,
            Features = features.Names,
            CatalogVersion = catalogVersion,
            Trees = options.Trees,
            Leaves = options.Leaves,
            Seed = options.Seed,
            TrainingExamples = examples.Count,
            TrainingSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
        };
        return new DemandModel(ml, model, manifest);
    }

    /// <summary>The same model with an amended manifest (metrics, months, population), features unchanged.</summary>
    public DemandModel With(Func<DemandModelManifest, DemandModelManifest> amend)
    {
        ArgumentNullException.ThrowIfNull(amend);
        var manifest = amend(Manifest);
        if (!manifest.Features.SequenceEqual(Manifest.Features, StringComparer.Ordinal))
        {
            throw new ArgumentException("A manifest amendment may not change the feature list.", nameof(amend));
        }

        return new DemandModel(ml, transformer, manifest);
    }

    /// <summary>P(convert | contacted) for one window.</summary>
    public float Score(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        lock (gate)
        {
            return engine.Predict(new Row { Features = features }).Probability;
        }
    }

    /// <summary>Scores many windows at once (one pass through the pipeline, not an engine call each).</summary>
    public IReadOnlyList<float> ScoreAll(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var data = ml.Data.LoadFromEnumerable(features.Select(f => new Row { Features = f }), Schema(Manifest.Features.Count));
        return [.. transformer.Transform(data).GetColumn<float>(nameof(Verdict.Probability))];
    }

    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        using (var entry = zip.CreateEntry(ManifestEntry).Open())
        {
            JsonSerializer.Serialize(entry, Manifest, Indented);
        }

        using var model = zip.CreateEntry(ModelEntry).Open();
        ml.Model.Save(transformer, null, model);
    }

    /// <summary>Reads only the manifest (cheap: start-up validation checks it without loading the trees).</summary>
    public static DemandModelManifest ReadManifest(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var entry = (zip.GetEntry(ManifestEntry) ?? throw new InvalidDataException($"{path} is not a demand model: it has no {ManifestEntry}.")).Open();
        return JsonSerializer.Deserialize<DemandModelManifest>(entry, LifeWindowJson.Options)
            ?? throw new InvalidDataException($"{path}: {ManifestEntry} is empty.");
    }

    /// <summary>Loads a saved model; a model trained on other features than <paramref name="expected"/> is refused, naming the difference.</summary>
    public static DemandModel Load(string path, DemandFeatureSet expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var manifest = ReadManifest(path);
        if (Mismatch(manifest, expected, path) is { } problem)
        {
            throw new DemandModelMismatchException(problem);
        }

        using var zip = ZipFile.OpenRead(path);
        using var buffer = new MemoryStream();
        using (var entry = (zip.GetEntry(ModelEntry) ?? throw new InvalidDataException($"{path} has no {ModelEntry}.")).Open())
        {
            entry.CopyTo(buffer);
        }

        buffer.Position = 0;
        var ml = new MLContext(seed: manifest.Seed);
        return new DemandModel(ml, ml.Model.Load(buffer, out _), manifest);
    }

    /// <summary>Why the model at <paramref name="path"/> cannot be used with these features (null when it can).</summary>
    public static string? Mismatch(DemandModelManifest manifest, DemandFeatureSet expected, string path)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(expected);
        var problem = expected.Mismatch(manifest.Features) ?? (manifest.FeatureSetVersion != DemandFeatureSet.Version
            ? $"it was built by feature code {manifest.FeatureSetVersion}, this code is {DemandFeatureSet.Version}"
            : null);
        return problem is null ? null : $"The demand model {manifest.ModelVersion} ({path}) does not fit this code's feature set: {problem}. Retrain it: lifewindow model train --out {path}";
    }

    private static string VersionOf(string featureHash, DemandTrainingOptions options, int examples) =>
        string.Create(CultureInfo.InvariantCulture, $"demand-{featureHash[..8]}-t{options.Trees}-s{options.Seed}-n{examples}");

    private static SchemaDefinition Schema(int features)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return schema;
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class Verdict
    {
        public float Probability { get; set; }
    }
}

/// <summary>A saved demand model was trained on other features than the code computes.</summary>
public sealed class DemandModelMismatchException : Exception
{
    public DemandModelMismatchException(string message)
        : base(message)
    {
    }

    public DemandModelMismatchException()
    {
    }

    public DemandModelMismatchException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
