namespace LifeWindow.Domain.Windows;

/// <summary>Loads and checks a catalog; any mistake fails at start-up with a message naming the rule and field.</summary>
public static class RuleCatalogLoader
{
    private const int MaxAnchorLookbackMonths = 120;

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
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new InvalidCatalogException($"Rule catalog {source} is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            try
            {
                catalog = document.Deserialize<RuleCatalog>(Options);
            }
            catch (JsonException ex)
            {
                throw new InvalidCatalogException($"Rule catalog {source} is invalid at {ex.Path ?? "$"}{RuleAt(document, ex.Path)}: {ex.Message}", ex);
            }
        }

        if (catalog is null)
        {
            throw new InvalidCatalogException($"Rule catalog {source} is empty.");
        }

        new Checker(catalog, source).Run();
        return catalog;
    }

    /// <summary>" (rule 'Id')" when a JSON path points into a rule that has an id, so the message names the rule, not its index.</summary>
    private static string RuleAt(JsonDocument document, string? path)
    {
        const string Prefix = "$.rules[";
        if (path is null || !path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var end = path.IndexOf(']', StringComparison.Ordinal);
        if (end < 0
            || !int.TryParse(path.AsSpan(Prefix.Length, end - Prefix.Length), out var index)
            || !document.RootElement.TryGetProperty("rules", out var rules)
            || rules.ValueKind != JsonValueKind.Array
            || index >= rules.GetArrayLength()
            || rules[index].ValueKind != JsonValueKind.Object
            || !rules[index].TryGetProperty("id", out var id)
            || id.ValueKind != JsonValueKind.String)
        {
            return string.Empty;
        }

        return $" (rule '{id.GetString()}')";
    }

    private sealed class Checker(RuleCatalog catalog, string source)
    {
        public void Run()
        {
            CheckTags();
            CheckOffers();
            if (catalog.AnchorLookbackMonths is < 0 or > MaxAnchorLookbackMonths)
            {
                Fail($"anchorLookbackMonths must be between 0 and {MaxAnchorLookbackMonths}.");
            }

            CheckCondition(catalog.SuppressMarketingWhen, "suppressMarketingWhen", thresholds: null, used: null);

            var offerIds = catalog.Offers.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var ruleIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var rule in catalog.Rules)
            {
                var where = $"rule '{rule.Id}'";
                if (!ruleIds.Add(rule.Id))
                {
                    Fail($"duplicate rule id '{rule.Id}'.");
                }

                if (rule.WindowDays <= 0)
                {
                    Fail($"{where} windowDays must be > 0 (is {rule.WindowDays}).");
                }

                if (rule.CoolOffDays < 0)
                {
                    Fail($"{where} coolOffDays must be >= 0 (is {rule.CoolOffDays}).");
                }

                if (rule.Offers.Count == 0)
                {
                    Fail($"{where} offers must name at least one offer.");
                }

                foreach (var offer in rule.Offers.Where(o => !offerIds.Contains(o)))
                {
                    Fail($"{where} offers names unknown offer '{offer}'.");
                }

                var used = new HashSet<string>(StringComparer.Ordinal);
                CheckCondition(rule.When, $"{where} when", rule.Thresholds, used);
                foreach (var unused in rule.Thresholds.Keys.Where(k => !used.Contains(k)))
                {
                    Fail($"{where} thresholds: threshold '{unused}' is never used.");
                }

                if (rule.LimitReview is not null && rule.Category != RuleCategory.Risk)
                {
                    Fail($"{where} limitReview is for Risk rules only (category is {rule.Category}).");
                }

                CheckReason(rule, where);
            }
        }

        private void CheckReason(RuleDefinition rule, string where)
        {
            IReadOnlyCollection<string> names;
            try
            {
                names = ReasonTemplates.Check(rule.Reason);
            }
            catch (FormatException ex)
            {
                Fail($"{where} reason {ex.Message}");
                return;
            }

            foreach (var name in names.Where(n => !TagDefinitions.All.ContainsKey(n)))
            {
                Fail($"{where} reason names unknown tag '{name}'.");
            }
        }

        private void CheckCondition(Condition condition, string where, IReadOnlyDictionary<string, decimal>? thresholds, HashSet<string>? used)
        {
            switch (condition)
            {
                case AllCondition all:
                    foreach (var child in all.Conditions)
                    {
                        CheckCondition(child, where, thresholds, used);
                    }

                    break;
                case AnyCondition any:
                    foreach (var child in any.Conditions)
                    {
                        CheckCondition(child, where, thresholds, used);
                    }

                    break;
                case NotCondition not:
                    CheckCondition(not.Condition, where, thresholds, used);
                    break;
                case TagCondition leaf:
                    CheckLeaf(leaf, where, thresholds, used);
                    break;
                default:
                    Fail($"{where}: unknown condition.");
                    break;
            }
        }

        private void CheckLeaf(TagCondition leaf, string where, IReadOnlyDictionary<string, decimal>? thresholds, HashSet<string>? used)
        {
            if (!TagDefinitions.All.TryGetValue(leaf.Tag, out var definition))
            {
                Fail($"{where}: unknown tag '{leaf.Tag}'.");
                return;
            }

            var op = leaf.Op.ToString().ToLowerInvariant();
            var allowedOps = definition.Type switch
            {
                TagType.Number => new[] { ConditionOp.Gt, ConditionOp.Gte, ConditionOp.Lt, ConditionOp.Lte, ConditionOp.Eq },
                TagType.Boolean => [ConditionOp.Eq],
                TagType.Text => [ConditionOp.Eq, ConditionOp.In],
                _ => [ConditionOp.Contains],
            };
            if (!allowedOps.Contains(leaf.Op))
            {
                Fail($"{where}: op '{op}' is not valid for {definition.Type} tag '{leaf.Tag}' (valid: {string.Join(", ", allowedOps.Select(o => o.ToString().ToLowerInvariant()))}).");
            }

            var operand = leaf.Operand;
            if (operand.Threshold is { } name)
            {
                if (definition.Type != TagType.Number)
                {
                    Fail($"{where}: threshold '${name}' is a number and cannot be compared with {definition.Type} tag '{leaf.Tag}'.");
                }

                if (thresholds is null)
                {
                    Fail($"{where}: threshold '${name}' cannot be used here (no thresholds); write the number.");
                }
                else if (!thresholds.ContainsKey(name))
                {
                    Fail($"{where}: missing threshold '{name}' (referenced as '${name}' on tag '{leaf.Tag}').");
                }

                used?.Add(name);
                return;
            }

            var expected = (definition.Type, leaf.Op) switch
            {
                (TagType.Number, _) => operand.Number is not null,
                (TagType.Boolean, _) => operand.Boolean is not null,
                (TagType.Text, ConditionOp.In) => operand.List is { Count: > 0 },
                _ => operand.Text is not null,
            };
            if (!expected)
            {
                var shape = (definition.Type, leaf.Op) switch
                {
                    (TagType.Number, _) => "a number or a \"$threshold\"",
                    (TagType.Boolean, _) => "true or false",
                    (TagType.Text, ConditionOp.In) => "a non-empty list of strings",
                    _ => "a string",
                };
                Fail($"{where}: op '{op}' on {definition.Type} tag '{leaf.Tag}' needs {shape}, not '{operand}'.");
            }

            if (AllowedValues(definition) is { } allowed)
            {
                foreach (var value in operand.List ?? (operand.Text is { } text ? [text] : []))
                {
                    if (!allowed.Contains(value, StringComparer.Ordinal))
                    {
                        Fail($"{where}: value '{value}' is not a value of tag '{leaf.Tag}' (known: {string.Join(", ", allowed)}).");
                    }
                }
            }
        }

        /// <summary>The values a text or set tag takes: its definition's, else the catalog's tag settings for the tags defined there.</summary>
        private IReadOnlyList<string>? AllowedValues(TagDefinition definition) => definition.Values ?? definition.Name switch
        {
            TagNames.Intents => catalog.Tags.Intents.Keys.ToList(),
            TagNames.AumTier => catalog.Tags.AumTiers.Select(t => t.Name).ToList(),
            _ => null,
        };

        private void CheckOffers()
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var offer in catalog.Offers)
            {
                if (!ids.Add(offer.Id))
                {
                    Fail($"duplicate offer id '{offer.Id}'.");
                }

                if (offer.RiskLevel is < 1 or > 5)
                {
                    Fail($"offer '{offer.Id}' riskLevel must be 1..5 (is {offer.RiskLevel}).");
                }

                if (offer.ExpectedValue < 0)
                {
                    Fail($"offer '{offer.Id}' expectedValue must not be negative (is {offer.ExpectedValue}).");
                }

                if (offer.AgeBands is { } bands && (bands.Count == 0 || bands.FirstOrDefault(b => !TagDefinitions.AgeBands.Contains(b, StringComparer.Ordinal)) is not null))
                {
                    Fail($"offer '{offer.Id}' ageBands must name one or more of {string.Join(", ", TagDefinitions.AgeBands)} (is [{string.Join(", ", bands)}]).");
                }

                try
                {
                    ReasonTemplates.Check(offer.ScriptTemplate);
                }
                catch (FormatException ex)
                {
                    Fail($"offer '{offer.Id}' scriptTemplate {ex.Message}");
                }
            }
        }

        private void CheckTags()
        {
            var tags = catalog.Tags;
            if (tags.IncomeStableMonths <= 0)
            {
                Fail("tags.incomeStableMonths must be positive.");
            }

            if (tags.AumTiers.Count == 0 || tags.AumTiers[0].Min != 0)
            {
                Fail("tags.aumTiers must start with a tier whose min is 0.");
            }

            for (var i = 1; i < tags.AumTiers.Count; i++)
            {
                if (tags.AumTiers[i].Min <= tags.AumTiers[i - 1].Min)
                {
                    Fail($"tags.aumTiers must ascend by min: '{tags.AumTiers[i].Name}' ({tags.AumTiers[i].Min}) follows '{tags.AumTiers[i - 1].Name}' ({tags.AumTiers[i - 1].Min}).");
                }
            }

            var appetites = Enum.GetNames<RiskAppetite>();
            foreach (var (name, allocation) in tags.TargetAllocations)
            {
                if (!appetites.Contains(name, StringComparer.Ordinal))
                {
                    Fail($"tags.targetAllocations: '{name}' is not a risk appetite (known: {string.Join(", ", appetites)}).");
                }

                if (allocation.Total != 100m)
                {
                    Fail($"tags.targetAllocations.{name} sums to {allocation.Total}, not 100.");
                }
            }

            foreach (var (intent, phrases) in tags.Intents)
            {
                if (phrases.Count == 0 || phrases.Any(string.IsNullOrWhiteSpace))
                {
                    Fail($"tags.intents.{intent} needs a non-empty list of phrases.");
                }
            }
        }

        private void Fail(string problem) => throw new InvalidCatalogException($"Rule catalog {source}: {problem}");
    }
}
