using Polly.CircuitBreaker;

namespace LifeWindow.Integration.Crm;

/// <summary>
/// The state of the CRM client's circuit breaker (the standard resilience handler's), read through Polly's own
/// <see cref="CircuitBreakerStateProvider"/>: Closed while the CRM answers, Open while calls are cut off after
/// failures, HalfOpen while one trial call goes through.
/// </summary>
public sealed class CrmCircuit
{
    public CircuitBreakerStateProvider Provider { get; } = new();

    public CircuitState State => Provider.CircuitState;
}
