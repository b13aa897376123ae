using LifeWindow.Domain.Identity;
using LifeWindow.Domain.Time;
using LifeWindow.Integration;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Tokenization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LifeWindow.Benchmarks;

/// <summary>
/// Generates a synthetic whitelist file of the requested size in a temp directory, imports it with the
/// in-memory backend and prints throughput and memory. The feed stream is a counting sink: the in-memory
/// stream and fact log keep every record by design, which would measure them, not the importer.
/// </summary>
public sealed class WhitelistImportBenchmark(TextWriter output)
{
    private const string Partner = "meituan";

    public sealed record Settings(long SizeBytes, WhitelistFormat Format, int Population, int Concurrency, string? Directory, bool Keep, int Seed);

    /// <summary>One file's import, as the sweep compares them.</summary>
    public sealed record Figures(long SizeBytes, long Rows, double RowsPerSecond, long MaxHeapBytes, long MaxWorkingSetBytes);

    /// <summary>
    /// Benchmark 6 of docs/performance.md: the same import over files of several sizes in one run; the smallest is the
    /// baseline, and memory must not grow with the file (rows are streamed, never held).
    /// </summary>
    public async Task SweepAsync(Settings settings, IReadOnlyList<long> sizes, CancellationToken cancellationToken)
    {
        await RunAsync(settings with { SizeBytes = 5 << 20 }, cancellationToken); // warm-up (JIT), not in the table
        var figures = new List<Figures>();
        foreach (var size in sizes)
        {
            figures.Add(await RunAsync(settings with { SizeBytes = size }, cancellationToken));
        }

        var first = figures[0];
        output.WriteLine();
        output.WriteLine("Whitelist import against file size (the smallest file is the baseline):");
        foreach (var f in figures)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Mb(f.SizeBytes),6:N0} MB {f.Rows,12:N0} rows {f.RowsPerSecond,10:N0} rows/s  peak GC heap {Mb(f.MaxHeapBytes),5:N0} MB ({(double)f.MaxHeapBytes / first.MaxHeapBytes:F2}x)  peak working set {Mb(f.MaxWorkingSetBytes),5:N0} MB ({(double)f.MaxWorkingSetBytes / first.MaxWorkingSetBytes:F2}x)"));
        }
    }

    public async Task<Figures> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var partnerKey = new byte[32];
        new Random(settings.Seed).NextBytes(partnerKey);
        var time = TimeProvider.System;
        var today = BusinessClock.Today(time);

        var directory = settings.Directory ?? System.IO.Directory.CreateTempSubdirectory("lifewindow-bench-").FullName;
        var path = Path.Combine(directory, $"whitelist-{Mb(settings.SizeBytes)}mb.{settings.Format.ToString().ToLowerInvariant()}");
        var synthetic = new SyntheticWhitelist(settings.Seed, settings.Population, partnerKey);
        output.WriteLine($"Generating {path} ({Mb(settings.SizeBytes)} MB, {settings.Format}, {settings.Population:N0} known customers)…");
        var generation = Stopwatch.StartNew();
        long rows;
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            rows = synthetic.Write(file, settings.Format, settings.SizeBytes, today);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows:N0} rows, {new FileInfo(path).Length:N0} bytes in {generation.Elapsed.TotalSeconds:F1} s"));

        try
        {
            return await ImportAsync(path, settings, partnerKey, synthetic, cancellationToken);
        }
        finally
        {
            if (!settings.Keep)
            {
                File.Delete(path);
                if (settings.Directory is null)
                {
                    System.IO.Directory.Delete(directory);
                }
            }
        }
    }

    private async Task<Figures> ImportAsync(string path, Settings settings, byte[] partnerKey, SyntheticWhitelist synthetic, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:PepperKeyId"] = "k1",
            ["Identity:Pepper"] = Convert.ToBase64String(partnerKey.Reverse().ToArray()),
            [$"Identity:MatchingKeys:{Partner}"] = Convert.ToBase64String(partnerKey),
            ["DeadLetters:KeyId"] = "d1",
            ["DeadLetters:Keys:d1"] = Convert.ToBase64String(new byte[32]),
            ["Crm:BaseUrl"] = "http://127.0.0.1:9/",
            ["BatchImport:MaxConcurrency"] = settings.Concurrency.ToString(CultureInfo.InvariantCulture),
        });
        var sink = new CountingStream();
        builder.AddLifeWindowIntegration();
        builder.Services.Replace(ServiceDescriptor.Singleton<IFeedStream>(sink));
        using var host = builder.Build();

        // The population the platform can name, indexed as ingress would have indexed it (fixed size, whatever the file).
        var tokenizer = host.Services.GetRequiredService<CustomerKeyTokenizer>();
        var index = host.Services.GetRequiredService<IMatchIndex>();
        var today = BusinessClock.Today(TimeProvider.System);
        foreach (var customer in synthetic.Customers)
        {
            ResidentIdNumber.TryParse(customer.IdNumber, today, out var id, out _);
            var key = tokenizer.CustomerKey(id!);
            await index.AddAsync(tokenizer.MatchTokens(MatchKind.Id, id!.Value, key).Concat(tokenizer.MatchTokens(MatchKind.Phone, customer.Phone, key)), cancellationToken);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baselineWorkingSet = process.WorkingSet64;
        var baselineHeap = GC.GetGCMemoryInfo().HeapSizeBytes;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        output.WriteLine($"Importing with the in-memory backend (concurrency {settings.Concurrency}); after seeding the index: working set {Mb(baselineWorkingSet)} MB, GC heap {Mb(baselineHeap)} MB");

        var memory = new MemorySampler(process);
        var progress = new ProgressLine(output, memory);
        await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        var report = await host.Services.GetRequiredService<WhitelistImporter>().ImportAsync(
            content, new BatchImportRequest(Partner, Path.GetFileName(path), settings.Format, content.Length), progress, cancellationToken);
        memory.Sample();
        progress.Complete();

        var seconds = report.Elapsed.TotalSeconds;
        output.WriteLine();
        output.WriteLine($"Whitelist import benchmark — {report.FileName} ({settings.Format}), {Environment.ProcessorCount} cores, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  file                {report.BytesRead / 1048576d:F1} MB, {report.LinesRead:N0} lines"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  outcome             {report.Accepted:N0} accepted, {report.Rejected:N0} rejected (dead letters), {report.Unmatched:N0} unmatched (counted); {sink.Count:N0} on the stream"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  elapsed             {seconds:F1} s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  throughput          {report.Records / seconds:N0} rows/s, {report.BytesRead / 1048576d / seconds:F1} MB/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak working set    {Mb(process.PeakWorkingSet64)} MB (process lifetime; {Mb(memory.MaxWorkingSet)} MB max sampled during the import, {Mb(baselineWorkingSet)} MB before)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak GC heap size   {Mb(memory.MaxHeapSize)} MB sampled during the import ({Mb(baselineHeap)} MB before)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated           {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576d / Math.Max(1, report.Records) * 1024 * 1024:N0} bytes/row; GCs gen0/1/2 {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}"));
        return new Figures(report.BytesRead, report.Records, report.Records / seconds, memory.MaxHeapSize, memory.MaxWorkingSet);
    }

    private static long Mb(long bytes) => bytes / 1048576;

    private sealed class CountingStream : IFeedStream
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        }
    }

    private sealed class MemorySampler(Process process)
    {
        public long MaxWorkingSet { get; private set; }

        public long MaxHeapSize { get; private set; }

        public void Sample()
        {
            process.Refresh();
            MaxWorkingSet = Math.Max(MaxWorkingSet, process.WorkingSet64);
            MaxHeapSize = Math.Max(MaxHeapSize, GC.GetGCMemoryInfo().HeapSizeBytes);
        }
    }

    /// <summary>Samples memory with every progress report and prints a line every few seconds.</summary>
    private sealed class ProgressLine(TextWriter output, MemorySampler memory) : IProgress<BatchImportProgress>
    {
        private TimeSpan lastPrinted = TimeSpan.Zero;

        public void Report(BatchImportProgress value)
        {
            memory.Sample();
            if (value.Elapsed - lastPrinted < TimeSpan.FromSeconds(5))
            {
                return;
            }

            lastPrinted = value.Elapsed;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {value.Fraction ?? 0,6:P1}  {value.BytesRead / 1048576d,8:F1} MB  {value.LinesRead / value.Elapsed.TotalSeconds,8:N0} lines/s  working set {Mb(memory.MaxWorkingSet)} MB  GC heap {Mb(memory.MaxHeapSize)} MB"));
        }

        public void Complete() => output.WriteLine();
    }
}
