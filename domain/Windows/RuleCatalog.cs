using System.Text.Json;
using System.Text.Json.Serialization;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Offers;
using LifeWindow.Domain.Profiles;

namespace LifeWindow.Domain.Windows;

/// <summary>
/// The versioned rule catalog: tag settings, offers and window rules with their thresholds. Code
/// reads numbers from here; changing a threshold is a catalog change, not a code change.
/// </summary>
public sealed record RuleCatalog
{
    public required string Version { get; init; }

    public required TagSettings Tags { get; init; }

    public required IReadOnlyList<OfferDefinition> Offers { get; init; }

    public required IReadOnlyList<RuleDefinition> Rules { get; init; }

    public OfferDefinition Offer(string id) =>
        Offers.FirstOrDefault(o => o.Id == id) ?? throw new KeyNotFoundException($"Offer '{id}' is not in catalog {Version}.");

    public RuleDefinition Rule(string id) =>
        Rules.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"Rule '{id}' is not in catalog {Version}.");
}

public sealed record RuleDefinition
{
    public required string Id { get; init; }

    public required int Priority { get; init; }

    public required int WindowDays { get; init; }

    public required int CoolOffDays { get; init; }

    public required IReadOnlyDictionary<string, decimal> Thresholds { get; init; }

    public required IReadOnlyList<string> Offers { get; init; }

    public decimal Threshold(string name) =>
        Thresholds.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"Rule '{Id}' has no threshold '{name}'.");
}

/// <summary>Loads and checks a catalog; any mistake fails at start-up with a message naming it.</summary>
public static class RuleCatalogLoader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>The catalog shipped with this build (catalog.v1.json, embedded).</summary>
    public static RuleCatalog LoadDefault()
    {
        using var stream = typeof(RuleCatalogLoader).Assembly.GetManifestResourceStream("LifeWindow.Domain.Catalog.catalog.v1.json")
            ?? throw new InvalidOperationException("The embedded rule catalog is missing from the build.");
        return Load(stream, "catalog.v1.json");
    }

    public static RuleCatalog LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidCatalogException($"Rule catalog file {path} does not exist.");
        }

        using var stream = File.OpenRead(path);
        return Load(stream, Path.GetFileName(path));
    }

    public static RuleCatalog Load(Stream json, string source)
    {
        RuleCatalog? catalog;
        try
        {
            catalog = JsonSerializer.Deserialize<RuleCatalog>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidCatalogException($"Rule catalog {source} is invalid at {ex.Path ?? "$"}: {ex.Message}", ex);
        }

        if (catalog is null)
        {
            throw new InvalidCatalogException($"Rule catalog {source} is empty.");
        }

        Check(catalog, source);
        return catalog;
    }

    private static void Check(RuleCatalog catalog, string source)
    {
        var offerIds = catalog.Offers.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in catalog.Rules)
        {
            if (!WindowRules.ById.TryGetValue(rule.Id, out var implementation))
            {
                throw new InvalidCatalogException($"Rule catalog {source}: rule '{rule.Id}' has no implementation (known: {string.Join(", ", WindowRules.ById.Keys)}).");
            }

            foreach (var threshold in implementation.RequiredThresholds)
            {
                if (!rule.Thresholds.ContainsKey(threshold))
                {
                    throw new InvalidCatalogException($"Rule catalog {source}: rule '{rule.Id}' is missing threshold '{threshold}'.");
                }
            }

            foreach (var offer in rule.Offers)
            {
                if (!offerIds.Contains(offer))
                {
                    throw new InvalidCatalogException($"Rule catalog {source}: rule '{rule.Id}' names unknown offer '{offer}'.");
                }
            }

            if (rule.WindowDays <= 0 || rule.CoolOffDays < 0)
            {
                throw new InvalidCatalogException($"Rule catalog {source}: rule '{rule.Id}' needs windowDays > 0 and coolOffDays >= 0.");
            }
        }

        if (catalog.Tags.IncomeStableMonths <= 0)
        {
            throw new InvalidCatalogException($"Rule catalog {source}: tags.incomeStableMonths must be positive.");
        }
    }
}

public sealed class InvalidCatalogException : Exception
{
    public InvalidCatalogException(string message)
        : base(message)
    {
    }

    public InvalidCatalogException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InvalidCatalogException()
    {
    }
}
