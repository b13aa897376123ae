namespace LifeWindow.Functions.Tests;

/// <summary>An exception escaping an HTTP function is a 500 problem details with a trace id, never a stack trace or an empty body.</summary>
public sealed class UnhandledErrorTests
{
    [Fact]
    public async Task OperatorListing_StoreThrows_500ProblemWithTraceIdAndNoStackTrace()
    {
        await using var host = await RunningHost.StartAsync(configureServices: services => services.AddSingleton<IDeadLetterStore, BrokenDeadLetterStore>());

        using var response = await host.Http.GetAsync(new Uri("/api/dead-letters", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("disk on fire", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);

        // The host goes on answering.
        using var status = await host.Http.GetAsync(new Uri("/api/workflows/w-none", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
    }

    private sealed class BrokenDeadLetterStore : IDeadLetterStore
    {
        public Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken) => throw Broken();

        public Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken) => throw Broken();

        public Task UpdateAsync(DeadLetter deadLetter, CancellationToken cancellationToken) => throw Broken();

        public IAsyncEnumerable<DeadLetter> ListAsync(string? feed, DeadLetterStatus? status, CancellationToken cancellationToken) => throw Broken();

        public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) => throw Broken();

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw Broken();

        private static InvalidOperationException Broken() => new("disk on fire");
    }
}
