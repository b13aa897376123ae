using System.Net;
using System.Net.Sockets;
using LifeWindow.Domain.Credit;
using LifeWindow.Integration.Crm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace LifeWindow.Integration.Tests;

/// <summary>
/// The CRM client as the hosts register it (AddLifeWindowCrm: signer, options, standard resilience handler
/// configured for at most one quick retry) against a real HTTP server on loopback.
/// </summary>
public sealed class CrmClientTests : IAsyncLifetime
{
    internal const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    internal const string OtherSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

    private readonly ConcurrentQueue<Received> received = new();
    private WebApplication? server;
    private Func<HttpContext, Task> respond = context => { context.Response.StatusCode = StatusCodes.Status201Created; return Task.CompletedTask; };

    private sealed record Received(IHeaderDictionary Headers, string Body);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server = builder.Build();
        server.MapPost("/crm/leads", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            received.Enqueue(new Received(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body));
            await respond(context);
        });
        await server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    private Uri BaseUrl => new(server!.Urls.First() + "/crm/");

    internal static CrmClient Client(Uri baseUrl, TimeProvider? time = null, string[]? secrets = null, TimeSpan? httpTimeout = null)
    {
        var settings = new Dictionary<string, string?> { ["Crm:BaseUrl"] = baseUrl.ToString(), ["Crm:EventSource"] = "urn:lifewindow:test" };
        var i = 0;
        foreach (var secret in secrets ?? [Secret])
        {
            settings[$"Crm:SigningSecrets:{i++}"] = secret;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddLifeWindowCrm();
        if (httpTimeout is { } timeout)
        {
            services.AddHttpClient<CrmClient>().ConfigureHttpClient(c => c.Timeout = timeout);
        }

        return services.BuildServiceProvider().GetRequiredService<CrmClient>();
    }

    private CrmClient Client(TimeProvider? time = null, string[]? secrets = null) => Client(BaseUrl, time, secrets);

    internal static Lead Lead(string id = "lead-w-1", bool credit = false) => new()
    {
        LeadId = id, WindowId = id["lead-".Length..], CustomerKey = "k1-c", RuleId = "IncomeUpgrade", CatalogVersion = "v1", OfferId = "LimitUpgradeReview",
        OfferName = "信用额度提升评估", Script = "尊敬的客户……", Reasons = ["r"], Evidence = ["e"],
        CreatedAt = new DateTimeOffset(2026, 11, 19, 9, 30, 0, TimeSpan.FromHours(8)), RespondBy = new DateTimeOffset(2026, 12, 19, 9, 30, 0, TimeSpan.FromHours(8)),
        Credit = credit ? new LeadCredit(CreditOutcome.Approve, 100000m, 3.65m, [], "credit-" + id) : null,
    };

    private void Answer(int status, string? body = null, string contentType = "text/plain", string? retryAfter = null) => respond = async context =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (body is not null)
        {
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        }
    };

    [Fact]
    public async Task SendLeadCreated_Accepted_ArrivesAsStructuredCloudEventSignedWithStandardWebhooks()
    {
        var lead = Lead(credit: true);

        var result = await Client().SendLeadCreatedAsync(lead, CancellationToken.None);

        Assert.Equal(new CrmDeliveryResult(CrmDeliveryStatus.Delivered, 201, null, null), result);
        var request = Assert.Single(received);
        Assert.StartsWith("application/cloudevents+json", request.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Equal("lead-w-1", request.Headers[CrmClient.IdempotencyKeyHeader].ToString());
        Assert.Equal("lead-w-1", request.Headers["webhook-id"].ToString());
        new StandardWebhook(Secret).Verify(request.Body, request.Headers); // throws unless the signature verifies

        using var json = JsonDocument.Parse(request.Body);
        var e = json.RootElement;
        Assert.Equal(
            ("1.0", "lead-w-1", "urn:lifewindow:test", "lifewindow.lead.created", "lead-w-1", "application/json", CrmEvents.LeadCreatedSchema),
            (Str(e, "specversion"), Str(e, "id"), Str(e, "source"), Str(e, "type"), Str(e, "subject"), Str(e, "datacontenttype"), Str(e, "dataschema")));
        Assert.Equal(lead.CreatedAt, e.GetProperty("time").GetDateTimeOffset());
        var data = e.GetProperty("data");
        Assert.Equal("尊敬的客户……", Str(data, "script"));
        Assert.Equal("Approve", Str(data.GetProperty("credit"), "decision"));
        Assert.Equal(100000m, data.GetProperty("credit").GetProperty("approvedAmount").GetDecimal());
        Assert.Contains("\"script\":\"尊敬的客户……\"", request.Body, StringComparison.Ordinal); // Chinese sent readable, not \u-escaped
    }

    [Fact]
    public async Task SendLeadWithdrawn_Accepted_ArrivesAsSignedWithdrawnEventWithItsOwnId()
    {
        var withdrawnAt = new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero);

        var result = await Client().SendLeadWithdrawnAsync(Lead(), "risk signal", withdrawnAt, CancellationToken.None);

        Assert.Equal(CrmDeliveryStatus.Delivered, result.Status);
        var request = Assert.Single(received);
        Assert.Equal("lead-w-1:withdrawn", request.Headers[CrmClient.IdempotencyKeyHeader].ToString());
        Assert.Equal("lead-w-1:withdrawn", request.Headers["webhook-id"].ToString());
        new StandardWebhook(Secret).Verify(request.Body, request.Headers);

        using var json = JsonDocument.Parse(request.Body);
        var e = json.RootElement;
        Assert.Equal(
            ("lead-w-1:withdrawn", "lifewindow.lead.withdrawn", "lead-w-1", CrmEvents.LeadWithdrawnSchema),
            (Str(e, "id"), Str(e, "type"), Str(e, "subject"), Str(e, "dataschema")));
        Assert.Equal(withdrawnAt, e.GetProperty("time").GetDateTimeOffset());
        var data = e.GetProperty("data");
        Assert.Equal(("lead-w-1", "w-1", "risk signal"), (Str(data, "leadId"), Str(data, "windowId"), Str(data, "reason")));
        Assert.Equal(withdrawnAt, data.GetProperty("withdrawnAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task SendLeadCreated_TwoSecretsDuringRotation_EachSecretAloneVerifies()
    {
        await Client(secrets: [Secret, OtherSecret]).SendLeadCreatedAsync(Lead(), CancellationToken.None);

        var request = Assert.Single(received);
        var signatures = request.Headers["webhook-signature"].ToString().Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.All(signatures, s => Assert.StartsWith("v1,", s, StringComparison.Ordinal));
        foreach (var secret in new[] { Secret, OtherSecret })
        {
            // A CRM holding only this secret, on Node with the npm standardwebhooks package, verifies the header as sent.
            Assert.True(await VerifyWithNodeAsync(secret, request), $"npm standardwebhooks did not verify with secret #{Array.IndexOf([Secret, OtherSecret], secret)}");

            // The .NET StandardWebhooks 1.1.2 verifier checks only the first of several signatures, so with it the
            // CRM must try each signature on its own (docs/crm-contract.md shows how): each one verifies.
            Assert.Single(signatures, candidate => Verifies(secret, request, candidate));
        }

        Assert.False(await VerifyWithNodeAsync("whsec_" + Convert.ToBase64String(new byte[32]), request));
    }

    private static bool Verifies(string secret, Received request, string signature)
    {
        var headers = new HeaderDictionary(request.Headers.ToDictionary(h => h.Key, h => h.Value)) { ["webhook-signature"] = signature };
        try
        {
            new StandardWebhook(secret).Verify(request.Body, headers);
            return true;
        }
        catch (StandardWebhooks.Diagnostics.WebhookVerificationException)
        {
            return false;
        }
    }

    private static async Task<bool> VerifyWithNodeAsync(string secret, Received request)
    {
        await AzuriteFixture.EnsureInstalledAsync(AzuriteFixture.RepositoryRoot()); // the repository's node_modules (standardwebhooks too)
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, request.Body, new System.Text.UTF8Encoding(false));
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "node", "verify.mjs"), secret, request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(), request.Headers["webhook-signature"].ToString(), file })
            {
                start.ArgumentList.Add(arg);
            }

            using var node = Process.Start(start)!;
            await node.StandardOutput.ReadToEndAsync();
            await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            return node.ExitCode == 0;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task SendLeadCreated_WrongSecret_DoesNotVerify()
    {
        await Client().SendLeadCreatedAsync(Lead(), CancellationToken.None);
        var request = Assert.Single(received);
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() => new StandardWebhook(OtherSecret).Verify(request.Body, request.Headers));
    }

    [Fact]
    public async Task SendLeadCreated_503WithRetryAfterSeconds_TransientWithThatDelayAndNoQuickRetry()
    {
        Answer(503, retryAfter: "7");

        var result = await Client().SendLeadCreatedAsync(Lead(), CancellationToken.None);

        Assert.Equal((CrmDeliveryStatus.Transient, 503, TimeSpan.FromSeconds(7)), (result.Status, result.StatusCode, result.RetryAfter));
        Assert.Single(received); // the CRM asked us to wait: the outbox waits, the handler does not retry
    }

    [Fact]
    public async Task SendLeadCreated_503WithRetryAfterHttpDate_TransientRelativeToTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 19, 2, 0, 0, TimeSpan.Zero));
        Answer(503, retryAfter: time.GetUtcNow().AddSeconds(90).ToString("R", CultureInfo.InvariantCulture));

        var result = await Client(time).SendLeadCreatedAsync(Lead(), CancellationToken.None);

        Assert.Equal((CrmDeliveryStatus.Transient, TimeSpan.FromSeconds(90)), (result.Status, result.RetryAfter));
    }

    [Fact]
    public async Task SendLeadCreated_503WithoutRetryAfter_PostedAtMostTwiceThenTransient()
    {
        Answer(503, "down for maintenance");

        var result = await Client().SendLeadCreatedAsync(Lead(), CancellationToken.None);

        Assert.Equal((CrmDeliveryStatus.Transient, 503, (TimeSpan?)null), (result.Status, result.StatusCode, result.RetryAfter));
        Assert.Contains("down for maintenance", result.Reason, StringComparison.Ordinal);
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(r => r.Headers[CrmClient.IdempotencyKeyHeader].ToString()).Distinct());
    }

    [Fact]
    public async Task SendLeadCreated_503ThenAccepted_QuickRetryDelivers()
    {
        var calls = 0;
        respond = context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref calls) == 1 ? 503 : 201;
            return Task.CompletedTask;
        };

        var result = await Client().SendLeadCreatedAsync(Lead(), CancellationToken.None);

        Assert.Equal((CrmDeliveryStatus.Delivered, 201), (result.Status, result.StatusCode));
        Assert.Equal(2, received.Count);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(425)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task SendLeadCreated_RetryableStatus_Transient(int status)
    {
        Answer(status);
        var result = await Client().SendLeadCreatedAsync(Lead(), CancellationToken.None);
        Assert.Equal((CrmDeliveryStatus.Transient, status), (result.Status, result.StatusCode));
        Assert.InRange(received.Count, 1, 2);
    }

    [Fact]
    public async Task SendLeadCreated_429_NotRetriedByTheHandler()
    {
        Answer(429, retryAfter: "30");
        var result = await Client().SendLeadCreatedAsync(Lead(), CancellationToken.None);
        Assert.Equal((CrmDeliveryStatus.Transient, TimeSpan.FromSeconds(30)), (result.Status, result.RetryAfter));
        Assert.Single(received);
    }

    [Fact]
    public async Task SendLeadCreated_400ProblemDetails_PermanentWithTheCrmsDetail()
    {
        Answer(400, """{"type":"about:blank","title":"Unknown relationship manager.","status":400,"detail":"No RM is assigned to branch 0042."}""", "application/problem+json");

        var result = await Client().SendLeadCreatedAsync(Lead(), CancellationToken.None);

        Assert.Equal((CrmDeliveryStatus.Permanent, 400, (TimeSpan?)null), (result.Status, result.StatusCode, result.RetryAfter));
        Assert.Equal("400 Bad Request: Unknown relationship manager. No RM is assigned to branch 0042.", result.Reason);
        Assert.Single(received); // 4xx are never retried
    }

    [Theory]
    [InlineData(409)]
    [InlineData(422)]
    [InlineData(404)]
    [InlineData(401)]
    public async Task SendLeadCreated_Refused_PermanentAndNotRetried(int status)
    {
        Answer(status, new string('x', 1000));

        var result = await Client().SendLeadCreatedAsync(Lead(), CancellationToken.None);

        Assert.Equal((CrmDeliveryStatus.Permanent, status), (result.Status, result.StatusCode));
        Assert.StartsWith(status.ToString(CultureInfo.InvariantCulture), result.Reason, StringComparison.Ordinal);
        Assert.InRange(result.Reason!.Length, 300, 301); // truncated
        Assert.Single(received);
    }

    [Fact]
    public async Task SendLeadCreated_ConnectionRefused_Transient()
    {
        var result = await Client(ClosedPort()).SendLeadCreatedAsync(Lead(), CancellationToken.None);

        Assert.Equal((CrmDeliveryStatus.Transient, (int?)null), (result.Status, result.StatusCode));
        Assert.NotNull(result.Reason);
    }

    [Fact]
    public async Task SendLeadCreated_CrmTooSlow_TransientTimeout()
    {
        respond = context => Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);

        var result = await Client(BaseUrl, httpTimeout: TimeSpan.FromMilliseconds(300)).SendLeadCreatedAsync(Lead(), CancellationToken.None);

        Assert.Equal((CrmDeliveryStatus.Transient, (int?)null), (result.Status, result.StatusCode));
    }

    [Fact]
    public async Task SendLeadCreated_CallerCancels_Throws()
    {
        respond = context => Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().SendLeadCreatedAsync(Lead(), cancel.Token));
    }

    [Fact]
    public async Task DeliverLead_Accepted_ReturnsReceipt()
    {
        var receipt = await Client().DeliverLeadAsync(Lead(), CancellationToken.None);
        Assert.Equal(new CrmReceipt("lead-w-1", 201), receipt);
    }

    [Fact]
    public async Task DeliverLead_CrmRefuses_ThrowsWithStatus()
    {
        Answer(400, "no such RM");
        var ex = await Assert.ThrowsAsync<CrmDeliveryException>(() => Client().DeliverLeadAsync(Lead("lead-w-refused"), CancellationToken.None));
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal(CrmDeliveryStatus.Permanent, ex.Result!.Status);
        Assert.Contains("no such RM", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_not_base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    [InlineData(Secret + " " + OtherSecret + " " + Secret)]
    public void Options_MalformedSigningSecrets_FailValidation(string spaceSeparated)
    {
        var secrets = spaceSeparated.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var settings = new Dictionary<string, string?> { ["Crm:BaseUrl"] = "http://127.0.0.1:9/" };
        for (var i = 0; i < secrets.Length; i++)
        {
            settings[$"Crm:SigningSecrets:{i}"] = secrets[i];
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLifeWindowCrm();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CrmOptions>>().Value);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal); // secrets never echoed
    }

    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/crm/");
    }

    private static string? Str(JsonElement element, string name) => element.GetProperty(name).GetString();
}
