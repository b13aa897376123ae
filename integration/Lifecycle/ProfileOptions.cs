using LifeWindow.Integration.Intents;

namespace LifeWindow.Integration.Lifecycle;

/// <summary>How long facts stay as they came before they are compacted into the profile's snapshot, and how long the snapshot remembers.</summary>
public sealed class ProfileOptions : IValidatableObject
{
    public const string Section = "Profiles";

    /// <summary>Facts valid before the start of the month this many months back are compacted into monthly aggregates.</summary>
    [Range(1, 120)]
    public int CompactAfterMonths { get; set; } = 3;

    /// <summary>Monthly aggregates older than this are dropped (AssetWinBack looks back 5 years, so keep at least 60).</summary>
    [Range(1, 240)]
    public int RetainMonths { get; set; } = 72;

    /// <summary>A rule catalog file to load instead of the embedded catalog.v1.json; a broken one, or one whose tags.intents the intent classifier has not learnt, stops start-up.</summary>
    public string? CatalogPath { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetainMonths <= CompactAfterMonths)
        {
            yield return new ValidationResult("Profiles:RetainMonths must be greater than Profiles:CompactAfterMonths.", [nameof(RetainMonths)]);
        }

        // Load the catalog here so a broken one, or one whose intents the classifier has not learnt, stops the host at
        // start-up, naming the problem (the label check needs only the dataset, not a trained model).
        string? error = null;
        try
        {
            var catalog = CatalogPath is { Length: > 0 } path ? RuleCatalogLoader.LoadFile(path) : RuleCatalogLoader.LoadDefault();
            var dataset = IntentDataset.Default;
            error = IntentDataset.LabelMismatch(dataset.Version, dataset.Labels, catalog.Version, catalog.Tags.Intents.Keys);
        }
        catch (InvalidCatalogException ex)
        {
            error = ex.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult($"Profiles:CatalogPath: {error}", [nameof(CatalogPath)]);
        }
    }
}
