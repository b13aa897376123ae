#if LOCALHOST_TESTS
using LifeWindow.LocalHost.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LifeWindow.Tests.Shared;

/// <summary>A started local host on a free loopback port with its own table prefix and task hub.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(WebApplication app)
    {
        App = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>The operator token (Operators:Tokens) the host knows <paramref name="operatorId"/> by.</summary>
    public string OperatorToken(string operatorId) =>
        Get<Microsoft.Extensions.Options.IOptions<LifeWindow.Functions.Operations.OperatorOptions>>().Value.Tokens.First(t => t.Value == operatorId).Key;

    /// <summary>POSTs <paramref name="content"/>, signed in as <paramref name="operatorId"/> when given (Authorization: Bearer).</summary>
    public Task<HttpResponseMessage> PostAsOperatorAsync(string path, HttpContent content, string? operatorId) =>
        SendAsOperatorAsync(HttpMethod.Post, path, content, operatorId);

    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/>, signed in as <paramref name="operatorId"/> when given.</summary>
    public async Task<HttpResponseMessage> SendAsOperatorAsync(HttpMethod method, string path, HttpContent? content, string? operatorId)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (operatorId is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorToken(operatorId));
        }

        return await Http.SendAsync(request);
    }

    public static async Task<RunningHost> StartAsync(StorageMode storage = StorageMode.Memory, string? connectionString = null, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var settings = new LocalHostSettings
        {
            Storage = storage,
            Port = 0,
            NamePrefix = AzuriteFixture.UniqueName("t"),
            Overrides = overrides ?? new Dictionary<string, string?>(),
            ConfigureServices = configureServices,
        };
        if (connectionString is not null)
        {
            settings = settings with { StorageConnectionString = connectionString };
        }

        var app = LocalHostApp.Build(settings);
        await app.StartAsync();
        return new RunningHost(app);
    }

    /// <summary>Folds the customer's consents (marketing contact and credit assessment unless named, for every source) into their stored profile.</summary>
    public async Task GrantConsentsAsync(string customer, params LifeWindow.Domain.Feeds.ConsentPurpose[] purposes)
    {
        var store = Get<LifeWindow.Integration.Storage.IProfileStore>();
        var stored = await store.GetAsync(customer, CancellationToken.None);
        var profile = stored?.Profile ?? LifeWindow.Domain.Profiles.CustomerProfile.Empty(customer);
        LifeWindow.Domain.Feeds.ConsentPurpose[] granted = purposes.Length > 0 ? purposes : [LifeWindow.Domain.Feeds.ConsentPurpose.Marketing, LifeWindow.Domain.Feeds.ConsentPurpose.CreditAssessment];
        foreach (var (purpose, source) in granted.SelectMany(p => Enum.GetValues<LifeWindow.Domain.Feeds.ConsentSource>().Select(s => (p, s))))
        {
            var record = new LifeWindow.Domain.Feeds.ConsentRecord
            {
                RecordId = $"C-{purpose}-{source}", CustomerKey = customer, EvidenceHash = $"ev-consent-{customer}-{purpose}-{source}",
                Person = new LifeWindow.Domain.Feeds.PersonFacts("31-40", "Female", LifeWindow.Domain.Feeds.Residency.Local), Purpose = purpose,
                Source = source, Action = LifeWindow.Domain.Feeds.ConsentAction.Granted,
                EvidenceId = "esign-1", At = DateTimeOffset.UtcNow.AddDays(-30),
            };
            profile = LifeWindow.Domain.Profiles.ProfileFolder.Fold(profile, record, DateTimeOffset.UtcNow, Get<LifeWindow.Domain.Windows.RuleCatalog>().Tags).Profile;
        }

        await store.SaveAsync(profile, stored, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
#endif
