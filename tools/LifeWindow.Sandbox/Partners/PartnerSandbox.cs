using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using LifeWindow.Integration.Pulls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifeWindow.Sandbox.Partners;

public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>The key callers must send in X-Api-Key (a demo value; the local host's pulls send it).</summary>
    [Required]
    [MinLength(8)]
    public string ApiKey { get; set; } = "sandbox-demo-key";

    /// <summary>Every Nth request (counted over all feeds) answers 500; 0 = never.</summary>
    [Range(0, 1000)]
    public int FailEveryNth { get; set; }

    /// <summary>Every Nth request answers 429 with Retry-After; 0 = never. Wins over <see cref="FailEveryNth"/> when both hit.</summary>
    [Range(0, 1000)]
    public int ThrottleEveryNth { get; set; }

    [Range(0, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Seed of the synthetic population; differs from the webhook demo's so pulled customers are new ones.</summary>
    [Range(1, int.MaxValue)]
    public int Seed { get; set; } = 20261201;

    [Range(1, 100_000)]
    public int Customers { get; set; } = 6;
}

/// <summary>
/// A stand-in partner pull API for the local host (GET /sandbox/{feed}/records, the contract in
/// docs/scheduled-pulls.md) serving the synthetic data set, with failure injection so pulls can be
/// watched retrying. Only feeds with a synthetic generator are served: provident-fund, property-registry and tax.
/// </summary>
public sealed class PartnerSandbox(IOptions<SandboxOptions> options, TimeProvider time)
{
    public const int MaxLimit = 1000;
    private const string CursorPrefix = "sandbox:";

    private readonly Lazy<Dictionary<string, IReadOnlyList<JsonObject>>> data = new(() => Generate(options.Value, time));
    private int requests;

    /// <summary>Requests answered so far, injected failures included.</summary>
    public int Requests => Volatile.Read(ref requests);

    public IReadOnlyList<JsonObject>? Records(string feed) => data.Value.GetValueOrDefault(feed);

    public static string CursorAt(int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(CursorPrefix + offset.ToString(CultureInfo.InvariantCulture)));

    public IResult Serve(string feed, HttpRequest request)
    {
        var settings = options.Value;
        if (request.Headers[PullOptions.DefaultApiKeyHeader].ToString() != settings.ApiKey)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: $"Missing or unknown {PullOptions.DefaultApiKeyHeader}.");
        }

        var n = Interlocked.Increment(ref requests);
        if (settings.ThrottleEveryNth > 0 && n % settings.ThrottleEveryNth == 0)
        {
            request.HttpContext.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Injected throttling: retry after the delay given.");
        }

        if (settings.FailEveryNth > 0 && n % settings.FailEveryNth == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Injected failure.");
        }

        if (Records(feed) is not { } records)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"The sandbox has no synthetic data for feed '{feed}'.");
        }

        var limitText = request.Query["limit"].ToString();
        var limit = limitText.Length == 0 ? 100 : int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : -1;
        var cursor = request.Query["cursor"].ToString();
        var offset = cursor.Length == 0 ? 0 : OffsetOf(cursor);
        if (limit is < 1 or > MaxLimit || offset < 0 || offset > records.Count)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"limit must be 1 to {MaxLimit} and cursor one this API gave out.");
        }

        var page = records.Skip(offset).Take(limit).Select(r => (JsonNode)r.DeepClone()).ToArray();
        var end = offset + page.Length;
        return Results.Json(new JsonObject
        {
            ["records"] = new JsonArray(page),
            ["nextCursor"] = CursorAt(end),
            ["hasMore"] = end < records.Count,
        });
    }

    private static int OffsetOf(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(CursorPrefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(CursorPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : -1;
        }
        catch (FormatException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Built once, on first use, so offsets stay stable for the life of the host (the data is dated from last
    /// month). The three feeds are about the same people; tax carries two event types, so its records are
    /// {"type", "data"} envelopes (the Tax pull is configured with EventTypes).
    /// </summary>
    private static Dictionary<string, IReadOnlyList<JsonObject>> Generate(SandboxOptions settings, TimeProvider time)
    {
        var today = BusinessClock.Today(time);
        var customers = ProvidentFundSamples.Generate(settings.Seed, YearMonth.From(today).AddMonths(-1), settings.Customers);
        return new Dictionary<string, IReadOnlyList<JsonObject>>(StringComparer.Ordinal)
        {
            [PullJobs.FeedOf(PullJobs.ProvidentFund)] = customers.SelectMany(c => c.Records).ToList(),
            [PullJobs.FeedOf(PullJobs.PropertyRegistry)] = GovernmentSamples.PropertyRegistry(customers, settings.Seed, today),
            [PullJobs.FeedOf(PullJobs.Tax)] = GovernmentSamples.Tax(customers, settings.Seed, today)
                .Select(r => new JsonObject { ["type"] = r.EventType, ["data"] = r.Data.DeepClone() })
                .ToList(),
        };
    }
}

public static class PartnerSandboxEndpoints
{
    /// <summary>
    /// Registers the sandbox and points every pull that has no BaseUrl of its own at it, on this host's
    /// port (known only when the host is built), so `serve` can pull from itself out of the box.
    /// </summary>
    public static WebApplicationBuilder AddPartnerSandbox(this WebApplicationBuilder builder, int port)
    {
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PartnerSandbox>();
        var defaults = PullJobs.Feeds
            .Where(job => string.IsNullOrWhiteSpace(builder.Configuration[PullJobs.SectionOf(job.Key) + ":BaseUrl"]))
            .ToDictionary(job => PullJobs.SectionOf(job.Key) + ":BaseUrl", job => (string?)string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/sandbox/{job.Value}/"));
        builder.Configuration.AddInMemoryCollection(defaults);
        return builder;
    }

    public static IEndpointRouteBuilder MapPartnerSandbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sandbox/{feed}/records", (string feed, HttpRequest request, PartnerSandbox sandbox) => sandbox.Serve(feed, request));
        return endpoints;
    }
}
