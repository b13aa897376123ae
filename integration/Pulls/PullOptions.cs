namespace LifeWindow.Integration.Pulls;

/// <summary>
/// The feeds the bank pulls on a schedule. The job name is the configuration key ("Pulls:ProvidentFund")
/// and names the timer function; the feed is the one parsers and dead letters know ("provident-fund").
/// </summary>
public static class PullJobs
{
    public const string Section = "Pulls";

    public const string ProvidentFund = "ProvidentFund";
    public const string PropertyRegistry = "PropertyRegistry";
    public const string Tax = "Tax";

    public static readonly IReadOnlyDictionary<string, string> Feeds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [ProvidentFund] = "provident-fund",
        [PropertyRegistry] = "property-registry",
        [Tax] = "tax",
    };

    public static IEnumerable<string> All => Feeds.Keys;

    public static string FeedOf(string job) =>
        Feeds.TryGetValue(job, out var feed) ? feed : throw new ArgumentException($"There is no pull job '{job}' (known: {string.Join(", ", All)}).", nameof(job));

    public static string SectionOf(string job) => $"{Section}:{job}";
}

/// <summary>One pulled feed's settings, "Pulls:&lt;Job&gt;". Checked at start-up only when <see cref="Enabled"/>.</summary>
public sealed class PullOptions
{
    public const string DefaultApiKeyHeader = "X-Api-Key";

    /// <summary>Off by default: a pull that is not switched on does nothing when its timer fires.</summary>
    public bool Enabled { get; set; }

    /// <summary>NCRONTAB (6 fields, with seconds) or 5-field CRON, UTC. Read by the timer trigger ("%Pulls:&lt;Job&gt;:Schedule%"), not by the runner.</summary>
    public string? Schedule { get; set; }

    /// <summary>The partner API's base URL; pages are fetched from "{BaseUrl}records".</summary>
    public Uri? BaseUrl { get; set; }

    public string? ApiKey { get; set; }

    public string ApiKeyHeader { get; set; } = DefaultApiKeyHeader;

    /// <summary>Partner id the records are attributed to (as in dead letters and the feed stream).</summary>
    public string? Partner { get; set; }

    /// <summary>The event type every pulled record is parsed as, e.g. "provident-fund.contribution"; the page's records are bare records.</summary>
    public string? EventType { get; set; }

    /// <summary>
    /// Instead of <see cref="EventType"/>, for a feed with several event types: each page record is then an
    /// envelope {"type": "...", "data": {...}} and is parsed by the parser of its type, one of these.
    /// </summary>
    public IList<string> EventTypes { get; } = [];

    /// <summary>Whether page records are envelopes naming their type (<see cref="EventTypes"/> is set) rather than bare records.</summary>
    public bool Envelopes => EventTypes.Count > 0;

    /// <summary>The event types this pull parses: <see cref="EventTypes"/>, or the single <see cref="EventType"/>.</summary>
    public IReadOnlyList<string> ConfiguredEventTypes =>
        Envelopes ? EventTypes.ToList() : string.IsNullOrWhiteSpace(EventType) ? [] : [EventType];

    public int PageSize { get; set; } = 100;

    /// <summary>Client-side request rate towards the partner, every attempt (retries included).</summary>
    public double RequestsPerSecond { get; set; } = 5;

    /// <summary>Pages fetched by one run at most; the next occurrence carries on from the cursor.</summary>
    public int MaxPagesPerRun { get; set; } = 1000;

    /// <summary>How long a run holds the cursor row against overlapping runs; renewed after every page.</summary>
    public int LeaseSeconds { get; set; } = 300;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>The partner base URL with a trailing slash, so "records" is resolved under it rather than beside it.</summary>
    public Uri? BaseAddress => BaseUrl is null ? null : BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");
}

/// <summary>
/// Validates every enabled pull at start-up, naming the setting; a disabled pull is not checked, so a
/// feed whose parser is not deployed yet can stay configured but switched off.
/// </summary>
public sealed partial class PullOptionsValidator(FeedParsers parsers) : IValidateOptions<PullOptions>
{
    public ValidateOptionsResult Validate(string? name, PullOptions options)
    {
        if (name is null || !PullJobs.Feeds.TryGetValue(name, out var feed) || !options.Enabled)
        {
            return ValidateOptionsResult.Skip;
        }

        var section = PullJobs.SectionOf(name);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Schedule))
        {
            failures.Add($"{section}:Schedule is required (a CRON expression).");
        }

        if (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{section}:BaseUrl must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{section}:ApiKey is required.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKeyHeader))
        {
            failures.Add($"{section}:ApiKeyHeader must name a header.");
        }

        if (options.Partner is null || !PartnerId().IsMatch(options.Partner))
        {
            failures.Add($"{section}:Partner is required and may contain only letters, digits and '_'.");
        }

        ValidateEventTypes(options, section, feed, failures);

        if (options.PageSize is < 1 or > 1000)
        {
            failures.Add($"{section}:PageSize must be 1 to 1000.");
        }

        // The token wait happens inside one attempt, so it must stay well under the attempt timeout (10 s by default).
        if (!(options.RequestsPerSecond is >= 0.2 and <= 1000))
        {
            failures.Add($"{section}:RequestsPerSecond must be 0.2 to 1000.");
        }

        if (options.MaxPagesPerRun < 1)
        {
            failures.Add($"{section}:MaxPagesPerRun must be at least 1.");
        }

        if (options.LeaseSeconds < 30)
        {
            failures.Add($"{section}:LeaseSeconds must be at least 30.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Partner ids become app-setting names elsewhere (Webhooks__Partners__&lt;id&gt;), so the same alphabet.</summary>
    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex PartnerId();

    /// <summary>EventType (bare records) or EventTypes (envelopes), never both, and a parser for every type named.</summary>
    private void ValidateEventTypes(PullOptions options, string section, string feed, List<string> failures)
    {
        if (options.Envelopes)
        {
            if (!string.IsNullOrWhiteSpace(options.EventType))
            {
                failures.Add($"{section}: set either EventType (bare records) or EventTypes (records as {{\"type\", \"data\"}} envelopes), not both.");
            }

            for (var i = 0; i < options.EventTypes.Count; i++)
            {
                var type = options.EventTypes[i];
                if (string.IsNullOrWhiteSpace(type))
                {
                    failures.Add($"{section}:EventTypes:{i} is empty (known for '{feed}': {Known(feed)}).");
                }
                else if (parsers.Find(feed, type) is null)
                {
                    failures.Add($"{section}:EventTypes:{i} '{type}' has no parser for feed '{feed}' (known: {Known(feed)}). Deploy the parser or set {section}:Enabled to false.");
                }
                else if (options.EventTypes.Take(i).Contains(type, StringComparer.Ordinal))
                {
                    failures.Add($"{section}:EventTypes:{i} '{type}' is listed twice.");
                }
            }
        }
        else if (string.IsNullOrWhiteSpace(options.EventType))
        {
            failures.Add($"{section}:EventType (or EventTypes, for several) is required (known for '{feed}': {Known(feed)}).");
        }
        else if (parsers.Find(feed, options.EventType) is null)
        {
            failures.Add($"{section}:EventType '{options.EventType}' has no parser for feed '{feed}' (known: {Known(feed)}). Deploy the parser or set {section}:Enabled to false.");
        }
    }

    private string Known(string feed) => parsers.EventTypes(feed) is { Count: > 0 } types ? string.Join(", ", types) : "none deployed";
}
