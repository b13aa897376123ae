namespace LifeWindow.Domain.Windows;

/// <summary>What one detection run decided: windows to open and state changes for windows already stored.</summary>
public sealed record Detection(IReadOnlyList<Window> Opened, IReadOnlyList<WindowStateChange> Changes);

public sealed record WindowStateChange(Window Window, WindowState NewState, string Reason);

/// <summary>
/// Evaluates the catalog's rules for one customer at one moment against the windows already stored.
/// Semantics (anchor, cool-off, suppression, supersede, expiry): docs/rule-catalog.md.
/// </summary>
public static class WindowDetector
{
    /// <param name="tagsAt">The customer's tags as of a moment (valid time); called at most once per moment.</param>
    /// <param name="existing">All windows already stored for the customer, in any state.</param>
    public static Detection Detect(RuleCatalog catalog, string customerKey, Func<DateTimeOffset, TagSet> tagsAt, DateTimeOffset now, IReadOnlyCollection<Window> existing)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(tagsAt);
        ArgumentNullException.ThrowIfNull(existing);

        var points = new Dictionary<DateTimeOffset, TagSet>();
        TagSet At(DateTimeOffset moment)
        {
            if (!points.TryGetValue(moment, out var tags))
            {
                tags = tagsAt(moment);
                points[moment] = tags;
            }

            return tags;
        }

        var current = At(now);
        var changed = new Dictionary<string, WindowStateChange>(StringComparer.Ordinal);
        var stillOpen = new List<Window>();
        foreach (var window in existing.Where(w => w.State == WindowState.Open))
        {
            if (window.ClosesAt <= now)
            {
                changed[window.WindowId] = new WindowStateChange(window, WindowState.Expired, $"Expired: the window closed at {window.ClosesAt.ToString("O", CultureInfo.InvariantCulture)}.");
            }
            else
            {
                stillOpen.Add(window);
            }
        }

        foreach (var window in stillOpen.Where(w => w.LimitReview is not null))
        {
            // A limit review waits for its signal to clear: the window closes when its rule stops holding (a rule no longer in the catalog stays as it is).
            if (catalog.Rules.FirstOrDefault(r => r.Id == window.RuleId) is { } rule && !ConditionEvaluator.Holds(rule.When, current, rule.Thresholds))
            {
                changed[window.WindowId] = new WindowStateChange(window, WindowState.Cleared, $"Cleared: the condition of rule {rule.Id} no longer holds.");
            }
        }

        var signals = RiskSignals(catalog, current);
        if (signals.Count > 0)
        {
            var reason = "Suppressed: risk signal " + string.Join("; ", signals) + ".";
            foreach (var window in stillOpen.Where(w => w.Category == RuleCategory.Marketing))
            {
                changed[window.WindowId] = new WindowStateChange(window, WindowState.Suppressed, reason);
            }
        }

        var opened = new List<Window>();
        foreach (var rule in catalog.Rules)
        {
            if (signals.Count > 0 && rule.Category == RuleCategory.Marketing)
            {
                continue;
            }

            if (!ConditionEvaluator.Holds(rule.When, current, rule.Thresholds, out var heldLeaves))
            {
                continue;
            }

            var ofRule = existing.Where(w => w.RuleId == rule.Id).ToList();
            if (ofRule.Any(w => w.State == WindowState.Open && w.ClosesAt > now))
            {
                continue;
            }

            var lastLeftOpen = ofRule.Select(w => LeftOpenAt(w, now)).Max();
            if (lastLeftOpen is { } left && now < left.AddDays(rule.CoolOffDays))
            {
                continue;
            }

            var anchor = Anchor(catalog, rule, now, ofRule, At).ToString();
            var windowId = Window.IdFor(customerKey, rule.Id, anchor);
            if (existing.Any(w => w.WindowId == windowId))
            {
                continue;
            }

            opened.Add(new Window
            {
                WindowId = windowId,
                CustomerKey = customerKey,
                RuleId = rule.Id,
                Category = rule.Category,
                Anchor = anchor,
                CatalogVersion = catalog.Version,
                OpensAt = now,
                ClosesAt = now.AddDays(rule.WindowDays),
                Priority = rule.Priority,
                CoolOffDays = rule.CoolOffDays,
                CandidateOffers = rule.Offers,
                Evidence = heldLeaves.SelectMany(t => t.Evidence).Distinct(StringComparer.Ordinal).ToList(),
                Reasons = [ReasonTemplates.Render(rule.Reason, current)],
                LimitReview = rule.LimitReview,
            });
        }

        foreach (var window in opened)
        {
            // Limit reviews are never superseded: each signal keeps its own review, and the line's review holders keep the limit down until the last clears.
            foreach (var older in stillOpen.Where(w => !changed.ContainsKey(w.WindowId) && w.Priority < window.Priority && w.LimitReview is null && window.LimitReview is null))
            {
                if (older.CandidateOffers.Intersect(window.CandidateOffers, StringComparer.Ordinal).FirstOrDefault() is { } shared)
                {
                    changed[older.WindowId] = new WindowStateChange(older, WindowState.Superseded,
                        $"Superseded by window {window.WindowId} ({window.RuleId}, priority {window.Priority}) sharing offer {shared}.");
                }
            }
        }

        return new Detection(opened, changed.Values.ToList());
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<RuleCatalog, IReadOnlySet<string>> Reads = new();

    /// <summary>
    /// The tags detection reads under this catalog: its rules' conditions and reasons and suppressMarketingWhen. Computing
    /// only these (<see cref="TagSelection.Of"/>) opens the same windows with the same evidence and reasons.
    /// </summary>
    public static IReadOnlySet<string> TagsRead(RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Reads.GetValue(catalog, c =>
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            Collect(c.SuppressMarketingWhen, names);
            foreach (var rule in c.Rules)
            {
                Collect(rule.When, names);
                names.UnionWith(ReasonTemplates.Check(rule.Reason).Where(TagDefinitions.All.ContainsKey));
            }

            return names;
        });
    }

    private static void Collect(Condition condition, HashSet<string> names)
    {
        if (condition is TagCondition leaf)
        {
            names.Add(leaf.Tag);
        }

        IReadOnlyList<Condition> children = condition switch
        {
            AllCondition all => all.Conditions,
            AnyCondition any => any.Conditions,
            NotCondition not => [not.Condition],
            _ => [],
        };
        foreach (var child in children)
        {
            Collect(child, names);
        }
    }

    /// <summary>Which risk signals hold now: Risk rules whose condition holds, and the catalog's suppressMarketingWhen.</summary>
    private static List<string> RiskSignals(RuleCatalog catalog, TagSet current)
    {
        var signals = catalog.Rules
            .Where(r => r.Category == RuleCategory.Risk && ConditionEvaluator.Holds(r.When, current, r.Thresholds))
            .Select(r => $"rule {r.Id} holds")
            .ToList();
        if (ConditionEvaluator.Holds(catalog.SuppressMarketingWhen, current, new Dictionary<string, decimal>(), out var leaves))
        {
            var tags = string.Join(", ", leaves.Select(t => $"{t.Name}={t.Value}"));
            signals.Add(tags.Length == 0 ? "suppressMarketingWhen holds" : $"suppressMarketingWhen holds ({tags})");
        }

        return signals;
    }

    /// <summary>When a window stopped being Open: its state change, or its close if that came first (an Open window past its close counts as closed then).</summary>
    private static DateTimeOffset? LeftOpenAt(Window window, DateTimeOffset now)
    {
        if (window.State == WindowState.Open)
        {
            return window.ClosesAt <= now ? window.ClosesAt : null;
        }

        return window.StateChangedAt is { } at && at < window.ClosesAt ? at : window.ClosesAt;
    }

    /// <summary>
    /// The first month of the unbroken run of month ends (Asia/Shanghai) at which the rule held, walking back
    /// from now. The anchor names the event, so a condition that keeps holding keeps its window: the walk stops
    /// at an earlier window's anchor that the run reaches, and when it runs out of lookback
    /// (anchorLookbackMonths) while still holding, the run is taken to be the one of the rule's latest earlier
    /// window. Only a run that broke and began again is a new event, hence a new window.
    /// </summary>
    private static YearMonth Anchor(RuleCatalog catalog, RuleDefinition rule, DateTimeOffset now, IReadOnlyList<Window> ofRule, Func<DateTimeOffset, TagSet> at)
    {
        var earlier = ofRule
            .Select(w => YearMonth.TryParse(w.Anchor, out var month) ? month : (YearMonth?)null)
            .OfType<YearMonth>()
            .ToHashSet();
        var anchor = YearMonth.From(BusinessClock.ToBusinessDate(now));
        for (var i = 0; i < catalog.AnchorLookbackMonths; i++)
        {
            if (earlier.Contains(anchor))
            {
                return anchor;
            }

            var previous = anchor.AddMonths(-1);
            if (!ConditionEvaluator.Holds(rule.When, at(EndOfMonth(previous)), rule.Thresholds))
            {
                return anchor;
            }

            anchor = previous;
        }

        return earlier.Where(m => m <= anchor).DefaultIfEmpty(anchor).Max();
    }

    /// <summary>The last instant of a business month (Asia/Shanghai).</summary>
    public static DateTimeOffset EndOfMonth(YearMonth month)
    {
        var next = month.AddMonths(1).FirstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var nextStart = new DateTimeOffset(next, BusinessClock.Zone.GetUtcOffset(next));
        return nextStart.AddTicks(-1).ToUniversalTime();
    }
}
