using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LifeWindow.Integration.Tests.Pulls;

/// <summary>
/// A partner pull API on a real Kestrel server (127.0.0.1, free port) following the contract in
/// docs/scheduled-pulls.md, with faults planned per page and a log of every request.
/// </summary>
internal sealed class FakePartnerApi : IAsyncDisposable
{
    public const string ApiKey = "test-partner-key";

    private readonly List<JsonObject> records = [];
    private readonly ConcurrentDictionary<int, ConcurrentQueue<Fault>> faults = new();
    private readonly ConcurrentQueue<Request> requests = new();
    private readonly WebApplication server;

    private FakePartnerApi(WebApplication server) => this.server = server;

    /// <summary>At the end of the data, answer "nextCursor": null instead of a cursor past the last record.</summary>
    public bool NoCursorAtEnd { get; set; }

    public Uri BaseUrl => new(server.Urls.First() + "/partner/");

    public IReadOnlyList<Request> Requests => requests.ToList();

    public static async Task<FakePartnerApi> StartAsync(IEnumerable<JsonObject> records)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var api = new FakePartnerApi(app);
        api.records.AddRange(records);
        app.MapGet("/partner/records", (HttpRequest request) => api.Serve(request));
        await app.StartAsync();
        return api;
    }

    /// <summary>Opaque to the client: base64 (with '+', '/', '=' that must survive URL escaping) of the offset.</summary>
    public static string CursorAt(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"offset>>{offset}??")));

    /// <summary>The next requests for the page at <paramref name="offset"/> get these answers, in order, before a normal one.</summary>
    public void Plan(int offset, params Fault[] planned)
    {
        var queue = faults.GetOrAdd(offset, _ => new ConcurrentQueue<Fault>());
        foreach (var fault in planned)
        {
            queue.Enqueue(fault);
        }
    }

    public void Append(IEnumerable<JsonObject> more)
    {
        lock (records)
        {
            records.AddRange(more);
        }
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private IResult Serve(HttpRequest request)
    {
        var cursor = request.Query["cursor"].ToString();
        var offset = cursor.Length == 0 ? 0 : OffsetOf(cursor);
        if (request.Headers["X-Api-Key"].ToString() != ApiKey)
        {
            return Log(offset, Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown API key."));
        }

        if (offset < 0 || !int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            return Log(offset, Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad cursor or limit."));
        }

        if (faults.TryGetValue(offset, out var planned) && planned.TryDequeue(out var fault))
        {
            return Log(offset, fault.RetryAfterSeconds is { } seconds
                ? new RetryAfterResult(fault.Status, seconds)
                : Results.Problem(statusCode: fault.Status, title: "Injected failure."));
        }

        JsonArray page;
        int total;
        lock (records)
        {
            total = records.Count;
            page = new JsonArray(records.Skip(offset).Take(limit).Select(r => (JsonNode)r.DeepClone()).ToArray());
        }

        var end = offset + page.Count;
        var hasMore = end < total;
        return Log(offset, Results.Json(new JsonObject
        {
            ["records"] = page,
            ["nextCursor"] = !hasMore && NoCursorAtEnd ? null : CursorAt(end),
            ["hasMore"] = hasMore,
        }));
    }

    private static int OffsetOf(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("offset>>", StringComparison.Ordinal) && int.TryParse(text[8..^2], CultureInfo.InvariantCulture, out var offset) ? offset : -1;
        }
        catch (FormatException)
        {
            return -1;
        }
    }

    private IResult Log(int offset, IResult result)
    {
        var status = result switch
        {
            IStatusCodeHttpResult { StatusCode: { } code } => code,
            RetryAfterResult r => r.Status,
            _ => StatusCodes.Status200OK,
        };
        requests.Enqueue(new Request(offset, status, Stopwatch.GetTimestamp()));
        return result;
    }

    public sealed record Fault(int Status, int? RetryAfterSeconds = null)
    {
        public static Fault ServerError => new(StatusCodes.Status500InternalServerError);

        public static Fault Throttle(int seconds) => new(StatusCodes.Status429TooManyRequests, seconds);
    }

    /// <summary>One request as the server saw it: which page, what it answered, and when (Stopwatch ticks).</summary>
    public sealed record Request(int Offset, int Status, long Timestamp);

    private sealed class RetryAfterResult(int status, int seconds) : IResult
    {
        public int Status => status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return httpContext.Response.WriteAsync("slow down");
        }
    }
}
