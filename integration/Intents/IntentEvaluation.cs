namespace LifeWindow.Integration.Intents;

/// <summary>Precision, recall and F1 of one intent on the held-out part; <see cref="Support"/> is how many held-out utterances carry it.</summary>
public sealed record IntentScore(string Intent, int Support, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>A held-out utterance and what a reader made of it.</summary>
public sealed record IntentPrediction(IntentExample Example, IReadOnlyList<string> Predicted)
{
    public bool Correct => Predicted.SequenceEqual(Example.Labels, StringComparer.Ordinal);
}

/// <summary>
/// The classifier trained on the train part of <see cref="IntentDataset.Split"/> and scored on the held-out part,
/// beside the catalog's phrase lists scored on the same utterances (the behaviour it replaces).
/// </summary>
public sealed record IntentEvaluation(
    string Version,
    int TrainCount,
    int HeldOutCount,
    IReadOnlyDictionary<string, (int Train, int HeldOut)> PerLabelCounts,
    IReadOnlyList<IntentScore> Classifier,
    IReadOnlyList<IntentScore> Phrases,
    IReadOnlyList<IntentPrediction> HeldOut,
    TimeSpan TrainingTime)
{
    public double MacroF1 => Classifier.Average(s => s.F1);

    public double PhrasesMacroF1 => Phrases.Average(s => s.F1);

    public IEnumerable<IntentPrediction> Negations => HeldOut.Where(p => p.Example.Kind == IntentExampleKind.Negation);

    public static IntentEvaluation Run(IntentDataset dataset, IIntentReader phrases)
    {
        var (train, heldOut) = dataset.Split();
        var classifier = IntentClassifier.Train(dataset.Version, train);
        var predictions = heldOut.Select(e => new IntentPrediction(e, classifier.Read(e.Text))).ToList();
        var phrasePredictions = heldOut.Select(e => new IntentPrediction(e, phrases.Read(IntentClassifier.Prepare(e.Text)))).ToList();
        var counts = dataset.Labels.ToDictionary(l => l, l => (train.Count(e => e.Has(l)), heldOut.Count(e => e.Has(l))), StringComparer.Ordinal);
        return new IntentEvaluation(dataset.Version, train.Count, heldOut.Count, counts,
            Score(dataset.Labels, predictions), Score(dataset.Labels, phrasePredictions), predictions, classifier.TrainingTime);
    }

    private static List<IntentScore> Score(IEnumerable<string> labels, IReadOnlyList<IntentPrediction> predictions) =>
    [
        .. labels.Select(l => new IntentScore(
            l,
            predictions.Count(p => p.Example.Has(l)),
            predictions.Count(p => p.Example.Has(l) && p.Predicted.Contains(l)),
            predictions.Count(p => !p.Example.Has(l) && p.Predicted.Contains(l)),
            predictions.Count(p => p.Example.Has(l) && !p.Predicted.Contains(l)))),
    ];

    /// <summary>The report docs/models.md quotes: Markdown tables.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Dataset {Version}: {TrainCount} utterances to train, {HeldOutCount} held out; training took {TrainingTime.TotalSeconds:0.0} s.");
        text.AppendLine();
        text.AppendLine("| intent | train | held out | precision | recall | F1 | phrase lists: P / R / F1 |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var score in Classifier)
        {
            var phrase = Phrases.Single(p => p.Intent == score.Intent);
            text.AppendLine(c, $"| {score.Intent} | {PerLabelCounts[score.Intent].Train} | {score.Support} | {score.Precision:0.00} | {score.Recall:0.00} | {score.F1:0.00} | {phrase.Precision:0.00} / {phrase.Recall:0.00} / {phrase.F1:0.00} |");
        }

        text.AppendLine(c, $"| macro | | | {Classifier.Average(s => s.Precision):0.00} | {Classifier.Average(s => s.Recall):0.00} | {MacroF1:0.00} | {Phrases.Average(s => s.Precision):0.00} / {Phrases.Average(s => s.Recall):0.00} / {PhrasesMacroF1:0.00} |");
        text.AppendLine();
        text.AppendLine(c, $"Exact match (every intent right): {HeldOut.Count(p => p.Correct)} of {HeldOutCount}.");
        text.AppendLine();
        text.AppendLine("Held-out negations (labelled with no intent):");
        text.AppendLine();
        AppendRows(text, Negations);
        var wrong = HeldOut.Where(p => !p.Correct && p.Example.Kind != IntentExampleKind.Negation).ToList();
        text.AppendLine();
        text.AppendLine(c, $"Other held-out utterances read wrongly ({wrong.Count}):");
        text.AppendLine();
        AppendRows(text, wrong);
        return text.ToString();
    }

    private static void AppendRows(StringBuilder text, IEnumerable<IntentPrediction> rows)
    {
        text.AppendLine("| utterance | kind | labelled | read | |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Example.Text} | {row.Example.Kind.ToString().ToLowerInvariant()} | {Names(row.Example.Labels)} | {Names(row.Predicted)} | {(row.Correct ? "✓" : "✗")} |");
        }
    }

    private static string Names(IReadOnlyList<string> labels) => labels.Count == 0 ? "—" : string.Join(", ", labels);
}
