using Cronos;
using LifeWindow.Functions.Maintenance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LifeWindow.LocalHost.Tests;

public class HostingTests
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    [Fact]
    public void ParseSchedule_SixFieldNcrontab_UsesSeconds()
    {
        var schedule = TimerJobs.ParseSchedule(RetentionFunctions.WebhookLedgerSchedule, Empty);
        var next = schedule.GetNextOccurrence(new DateTime(2026, 11, 24, 4, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2026, 11, 25, 3, 30, 0, DateTimeKind.Utc), next);
    }

    [Fact]
    public void ParseSchedule_SettingReference_IsReadFromConfiguration()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:Pull"] = "*/5 * * * *" }).Build();
        var next = TimerJobs.ParseSchedule("%Jobs:Pull%", config).GetNextOccurrence(new DateTime(2026, 11, 24, 4, 1, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2026, 11, 24, 4, 5, 0, DateTimeKind.Utc), next);
        Assert.Throws<InvalidOperationException>(() => TimerJobs.ParseSchedule("%Jobs:Missing%", config));
        Assert.Throws<CronFormatException>(() => TimerJobs.ParseSchedule("every tuesday", config));
    }

    [Fact]
    public async Task Build_CrmUrlOnTheCommandLine_WinsOverTheBuiltInSink()
    {
        await using var defaults = LocalHostApp.Build(new LocalHostSettings { Port = 0, NamePrefix = "t" + Guid.NewGuid().ToString("N")[..8] });
        Assert.EndsWith("/crm-sink/", defaults.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Integration.Crm.CrmOptions>>().Value.BaseUrl!.ToString(), StringComparison.Ordinal);
        Assert.Contains("NOT durable", LocalHostApp.Describe(defaults), StringComparison.Ordinal);

        await using var configured = LocalHostApp.Build(new LocalHostSettings { Port = 0, NamePrefix = "t" + Guid.NewGuid().ToString("N")[..8] }, ["--Crm:BaseUrl", "https://crm.bank.example/api/"]);
        Assert.Equal(new Uri("https://crm.bank.example/api/"), configured.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Integration.Crm.CrmOptions>>().Value.BaseUrl);
        Assert.Contains("CRM: https://crm.bank.example/api/", LocalHostApp.Describe(configured), StringComparison.Ordinal);

        await using var azurite = LocalHostApp.Build(new LocalHostSettings { Port = 0, Storage = StorageMode.Azurite, NamePrefix = "tq" });
        Assert.Contains("Storage queue 'tq-feed-stream' (durable", LocalHostApp.Describe(azurite), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalHost_RunsTheFunctionsAppsTimersAndServesItsRoutes()
    {
        await using var app = LocalHostApp.Build(new LocalHostSettings { Port = 0, NamePrefix = "t" + Guid.NewGuid().ToString("N")[..8] });
        var timers = app.Services.GetServices<IHostedService>().OfType<TimerJobs>().Single();
        Assert.Contains(timers.Schedules, s => s.Name == nameof(RetentionFunctions.PurgeWebhookLedger));

        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var notAllowed = await http.GetAsync(new Uri("/api/feeds/provident-fund", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, notAllowed.StatusCode);
        using var sink = await http.GetAsync(new Uri("/crm-sink/leads", UriKind.Relative));
        Assert.Equal("[]", await sink.Content.ReadAsStringAsync());
        await app.StopAsync();
    }
}
