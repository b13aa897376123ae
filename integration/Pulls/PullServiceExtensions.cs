using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Polly;

namespace LifeWindow.Integration.Pulls;

public static class PullServiceExtensions
{
    /// <summary>Pending token requests at most; a pull runs its pages one after another, so this is never reached in practice.</summary>
    private const int RateLimiterQueue = 64;

    /// <summary>
    /// The scheduled pulls: per job, its options ("Pulls:&lt;Job&gt;", validated at start-up when enabled) and a
    /// named typed <see cref="PartnerPullClient"/> with the standard resilience handler (tunable under
    /// "Pulls:&lt;Job&gt;:Resilience") and a rate limiter inside it; the cursor store; the runner.
    /// </summary>
    public static IHostApplicationBuilder AddLifeWindowPulls(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(PullJobRunner)))
        {
            return builder;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PullOptions>, PullOptionsValidator>());
        foreach (var job in PullJobs.All)
        {
            services.AddOptions<PullOptions>(job).BindConfiguration(PullJobs.SectionOf(job)).ValidateOnStart();

            var client = services.AddHttpClient<PartnerPullClient>(PartnerPullClient.HttpClientName(job))
                .ConfigureHttpClient((sp, http) =>
                {
                    var pull = sp.GetRequiredService<IOptionsMonitor<PullOptions>>().Get(job);
                    http.BaseAddress = pull.BaseAddress;
                    http.MaxResponseContentBufferSize = PartnerPullClient.MaxPageBytes;
                    if (pull.ApiKey is { Length: > 0 } key)
                    {
                        http.DefaultRequestHeaders.TryAddWithoutValidation(pull.ApiKeyHeader, key);
                    }
                });

            // Registration order is nesting order: the rate limiter sits inside the retries, so each attempt waits for a token.
            // Bound by hand: the section overload refuses a missing section, and most pulls need no tuning.
            var resilience = builder.Configuration.GetSection(PullJobs.SectionOf(job) + ":Resilience");
            client.AddStandardResilienceHandler(o => resilience.Bind(o));
            client.AddResilienceHandler("rate-limit", (pipeline, context) =>
            {
                var pull = context.ServiceProvider.GetRequiredService<IOptionsMonitor<PullOptions>>().Get(job);
                var limiter = new TokenBucketRateLimiter(RateLimit(pull.RequestsPerSecond));
                context.OnPipelineDisposed(limiter.Dispose);
                pipeline.AddRateLimiter(limiter);
            });
        }

        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Provider == StorageProvider.Tables)
        {
            services.TryAddSingleton<ICursorStore, TableCursorStore>();
        }
        else
        {
            services.TryAddSingleton<ICursorStore, InMemoryCursorStore>();
        }

        services.TryAddSingleton<PullJobRunner>();
        return builder;
    }

    /// <summary>One token every 1/rate seconds and no burst: at most <paramref name="requestsPerSecond"/> requests in any second.</summary>
    public static TokenBucketRateLimiterOptions RateLimit(double requestsPerSecond) => new()
    {
        TokenLimit = 1,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1 / Math.Clamp(requestsPerSecond, 0.2, 1000)),
        QueueLimit = RateLimiterQueue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    };
}
