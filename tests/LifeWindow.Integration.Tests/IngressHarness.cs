using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LifeWindow.Integration.Tests;

/// <summary>A stream that keeps (or only counts) what is published.</summary>
internal sealed class RecordingStream(bool keep = true) : IFeedStream
{
    private long count;

    public ConcurrentQueue<FeedMessage> Messages { get; } = new();

    public long Count => Interlocked.Read(ref count);

    public Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        if (keep)
        {
            Messages.Enqueue(message);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The integration services as a host wires them (AddLifeWindowIntegration, in-memory stores), on a fake
/// clock at <see cref="TestData.Today"/>, publishing to a <see cref="RecordingStream"/>. Partners "meituan"
/// and "jd" have matching keys.
/// </summary>
internal sealed class IngressHarness : IDisposable
{
    public const string Meituan = "meituan";
    public const string Jd = "jd";
    public static readonly byte[] MeituanKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] JdKey = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();

    private readonly IHost host;

    private IngressHarness(IHost host, RecordingStream stream)
    {
        this.host = host;
        Stream = stream;
    }

    public RecordingStream Stream { get; }

    public IServiceProvider Services => host.Services;

    public static IngressHarness Create(IReadOnlyDictionary<string, string?>? overrides = null, bool keepMessages = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:PepperKeyId"] = "k1",
            ["Identity:Pepper"] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ["Identity:LocalRegionPrefixes:0"] = "3101",
            [$"Identity:MatchingKeys:{Meituan}"] = Convert.ToBase64String(MeituanKey),
            [$"Identity:MatchingKeys:{Jd}"] = Convert.ToBase64String(JdKey),
            ["DeadLetters:KeyId"] = "d1",
            ["DeadLetters:Keys:d1"] = Convert.ToBase64String(new byte[32]),
            ["Crm:BaseUrl"] = "http://127.0.0.1:9/",
            ["Crm:SigningSecrets:0"] = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var stream = new RecordingStream(keepMessages);
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(TestData.Today.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero)));
        builder.AddLifeWindowIntegration();
        builder.Services.Replace(ServiceDescriptor.Singleton<IFeedStream>(stream));
        return new IngressHarness(builder.Build(), stream);
    }

    public T Get<T>()
        where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>Makes a customer known the way ingress does on seeing their ID (and phone): their matching tokens go into the index.</summary>
    public async Task<string> KnowCustomerAsync(string idNumber, string? phone = null)
    {
        Assert.True(ResidentIdNumber.TryParse(idNumber, TestData.Today, out var id, out var error), error);
        var tokenizer = Get<CustomerKeyTokenizer>();
        var customerKey = tokenizer.CustomerKey(id!);
        var tokens = tokenizer.MatchTokens(MatchKind.Id, id!.Value, customerKey);
        if (phone is not null)
        {
            tokens = tokens.Concat(tokenizer.MatchTokens(MatchKind.Phone, phone, customerKey));
        }

        await Get<IMatchIndex>().AddAsync(tokens, CancellationToken.None);
        return customerKey;
    }

    public void Dispose() => host.Dispose();
}

/// <summary>Whitelist records as a platform would send them.</summary>
internal static class Whitelist
{
    public static readonly string Period = "2026-10";

    public static string Token(byte[] key, WhitelistMatchKind kind, string value) =>
        CustomerKeyTokenizer.MatchToken(key, kind == WhitelistMatchKind.Id ? MatchKind.Id : MatchKind.Phone, value);

    public static JsonObject Record(string recordId, WhitelistMatchKind kind, string token, string? period = null) => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = recordId,
        ["period"] = period ?? Period,
        ["matchKind"] = kind.ToString(),
        ["matchToken"] = token,
        ["scenes"] = new JsonObject
        {
            ["MaternalBaby"] = new JsonObject { ["orderCount"] = 6, ["spendBand"] = "1k-5k" },
            ["Dining"] = new JsonObject { ["orderCount"] = 14, ["spendBand"] = "<1k" },
        },
    };

    public static JsonObject ForId(string recordId, string idNumber, byte[]? key = null) =>
        Record(recordId, WhitelistMatchKind.Id, Token(key ?? IngressHarness.MeituanKey, WhitelistMatchKind.Id, idNumber));

    /// <summary>A fictitious valid resident ID number, different for each n.</summary>
    public static string IdNumber(int n) =>
        TestData.WithCheck(string.Create(CultureInfo.InvariantCulture, $"310104198{n % 10}0{1 + (n / 10 % 9)}1{n / 90 % 9 + 1}{n % 1000:D3}"));
}
