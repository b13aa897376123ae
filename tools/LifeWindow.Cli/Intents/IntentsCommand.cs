using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Intents;

namespace LifeWindow.Cli.Intents;

/// <summary>
/// `lifewindow intents evaluate`: trains the call-transcript intent classifier on the train part of the committed
/// dataset and prints precision, recall and F1 on the held-out part, beside the catalog's phrase lists (docs/models.md).
/// `lifewindow intents read "…"`: the intents one snippet reads as, with each intent's probability.
/// </summary>
internal static class IntentsCommand
{
    public static Command Create() => new("intents", "The call-transcript intent classifier (docs/models.md).") { Evaluate(), Read() };

    private static Command Evaluate()
    {
        var command = new Command("evaluate", "Train on 80% of the committed utterances and print per-intent precision, recall and F1 on the held-out 20%, negations listed.");
        command.SetAction(result =>
        {
            var catalog = RuleCatalogLoader.LoadDefault();
            var evaluation = IntentEvaluation.Run(IntentDataset.Default, new PhraseIntentReader(catalog.Tags.Intents));
            result.Writers().Output.Write(evaluation.ToMarkdown());
            return 0;
        });
        return command;
    }

    private static Command Read()
    {
        var snippet = new Argument<string>("snippet") { Description = "a call snippet, as said (digit runs are masked first)" };
        var command = new Command("read", "Print the intents one snippet reads as, with each intent's probability.") { snippet };
        command.SetAction(result =>
        {
            var output = result.Writers().Output;
            var classifier = IntentClassifier.Default;
            output.WriteLine(IntentClassifier.Prepare(result.GetValue(snippet)!));
            foreach (var (intent, probability) in classifier.Probabilities(result.GetValue(snippet)!))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{intent}\t{probability:0.000}\t{(probability >= 0.5f ? "heard" : "-")}"));
            }

            return 0;
        });
        return command;
    }
}
