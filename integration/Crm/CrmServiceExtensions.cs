using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace LifeWindow.Integration.Crm;

public static class CrmServiceExtensions
{
    /// <summary>The CRM client, its signer and its options (validated at start-up).</summary>
    public static IServiceCollection AddLifeWindowCrm(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<CrmOptions>().BindConfiguration(CrmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<CrmSigner>();
        services.TryAddSingleton<CrmCircuit>();
        services.AddHttpClient<CrmClient>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<CrmOptions>>().Value.BaseUrl)
            .AddStandardResilienceHandler()
            .Configure((options, sp) =>
            {
                ConfigureResilience(options);
                options.CircuitBreaker.StateProvider = sp.GetRequiredService<CrmCircuit>().Provider;
            });
        return services;
    }

    /// <summary>
    /// The standard handler keeps its attempt timeout, total timeout and circuit breaker, but retries at
    /// most once, quickly. The outbox owns retries (backoff, jitter, Retry-After, until the lead expires);
    /// retries here would multiply under it (3 handler attempts × 6 dispatcher tries was 18 POSTs per lead
    /// in an outage). One quick retry only papers over a dropped connection or a one-off 5xx. Note the
    /// standard handler retries any method, POST included (only DisableForUnsafeHttpMethods() stops that):
    /// we keep POST retryable because every event carries an Idempotency-Key and a deterministic event id.
    /// Never retried here: 4xx other than 408 (the standard predicate treats them as final), 429 and any
    /// answer with Retry-After (the CRM asked us to wait: the outbox waits, not this request).
    /// </summary>
    public static void ConfigureResilience(HttpStandardResilienceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.MaxRetryAttempts = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.BackoffType = DelayBackoffType.Constant;
        options.Retry.ShouldRetryAfterHeader = false;
        options.Retry.ShouldHandle = args => ValueTask.FromResult(IsWorthAQuickRetry(args.Outcome));
    }

    internal static bool IsWorthAQuickRetry(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is not { StatusCode: System.Net.HttpStatusCode.TooManyRequests } and not { Headers.RetryAfter: not null }
        && HttpClientResiliencePredicates.IsTransient(outcome);
}
