using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LifeWindow.EndToEnd.Tests.Reliability;

public enum CrmMode
{
    Accept,
    Unavailable,
    Hang,
    Reject,
}

/// <summary>
/// The bank's CRM for fault tests, in the test process (so, apart from the host it receives from): real HTTP on
/// loopback, counting every delivery per Idempotency-Key; it can be switched to answer 503 with Retry-After, hang,
/// or refuse with 400.
/// </summary>
public sealed class CrmStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> deliveries = new(StringComparer.Ordinal);
    private int attempts;

    private CrmStandIn(WebApplication app) => this.app = app;

    public CrmMode Mode { get; set; } = CrmMode.Accept;

    public Uri BaseUrl => new(app.Urls.First() + "/");

    /// <summary>Every POST, answered or not.</summary>
    public int Attempts => attempts;

    /// <summary>Acknowledged deliveries per Idempotency-Key.</summary>
    public IReadOnlyDictionary<string, int> Acknowledged => deliveries;

    public static async Task<CrmStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new CrmStandIn(app);
        app.MapPost("/leads", standIn.ReceiveAsync);
        await app.StartAsync();
        return standIn;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref attempts);
        using var reader = new StreamReader(request.Body);
        await reader.ReadToEndAsync(cancellationToken);
        switch (Mode)
        {
            case CrmMode.Unavailable:
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return Results.StatusCode((int)HttpStatusCode.ServiceUnavailable);
            case CrmMode.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return Results.StatusCode(504);
            case CrmMode.Reject:
                return Results.Problem(statusCode: 400, title: "Unknown branch code", detail: "branch 9999 is not in the CRM");
        }

        var key = request.Headers["Idempotency-Key"].ToString();
        deliveries.AddOrUpdate(key, 1, (_, n) => n + 1);
        return Results.Ok(new { key });
    }

    public async ValueTask DisposeAsync()
    {
        Mode = CrmMode.Accept;
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
