using System.Collections.Concurrent;
using LifeWindow.Domain.Leads;
using LifeWindow.Integration.Crm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LifeWindow.Integration.Tests;

/// <summary>The CRM client against a real HTTP server on loopback, through the standard resilience handler.</summary>
public sealed class CrmClientTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string? Key, string Body)> received = new();
    private WebApplication? server;
    private int failuresToSend;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server = builder.Build();
        server.MapPost("/crm/leads", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Decrement(ref failuresToSend) >= 0)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            received.Enqueue((request.Headers[CrmClient.IdempotencyKeyHeader].ToString(), body));
            return request.Headers[CrmClient.IdempotencyKeyHeader].ToString() == "lead-w-refused" ? Results.BadRequest("no such RM") : Results.Created();
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

    private CrmClient Client()
    {
        var services = new ServiceCollection();
        services.AddHttpClient<CrmClient>(c => c.BaseAddress = new Uri(server!.Urls.First() + "/crm/"))
            .AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.FromMilliseconds(10));
        return services.BuildServiceProvider().GetRequiredService<CrmClient>();
    }

    private static Lead Lead(string id) => new()
    {
        LeadId = id, WindowId = "w-1", CustomerKey = "k1-c", RuleId = "IncomeUpgrade", CatalogVersion = "v1", OfferId = "LimitUpgradeReview",
        OfferName = "信用额度提升评估", Script = "尊敬的客户……", Reasons = ["r"], Evidence = ["e"],
        CreatedAt = DateTimeOffset.UnixEpoch, RespondBy = DateTimeOffset.UnixEpoch.AddDays(30),
    };

    [Fact]
    public async Task DeliverLead_PostsJsonWithTheLeadIdAsIdempotencyKey()
    {
        var receipt = await Client().DeliverLeadAsync(Lead("lead-w-1"), CancellationToken.None);

        Assert.Equal(201, receipt.StatusCode);
        var (key, body) = Assert.Single(received);
        Assert.Equal("lead-w-1", key);
        Assert.Contains("\"script\":\"尊敬的客户……\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeliverLead_CrmBrieflyUnavailable_IsRetriedWithTheSameKey()
    {
        failuresToSend = 2;
        await Client().DeliverLeadAsync(Lead("lead-w-2"), CancellationToken.None);
        Assert.Equal("lead-w-2", Assert.Single(received).Key);
    }

    [Fact]
    public async Task DeliverLead_CrmRefuses_ThrowsWithStatus()
    {
        var ex = await Assert.ThrowsAsync<CrmDeliveryException>(() => Client().DeliverLeadAsync(Lead("lead-w-refused"), CancellationToken.None));
        Assert.Equal(400, ex.StatusCode);
        Assert.Contains("no such RM", ex.Message, StringComparison.Ordinal);
    }
}
