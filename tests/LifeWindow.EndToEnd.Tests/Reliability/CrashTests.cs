using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using LifeWindow.Integration.Outbox;
using Xunit.Abstractions;

namespace LifeWindow.EndToEnd.Tests.Reliability;

/// <summary>
/// "A 2xx means the data is kept", tried as a bank's integration team would: the local host on Azurite in a process
/// of its own, a CRM stand-in on loopback, signed webhooks from several senders, and the host killed (-9) or stopped
/// (SIGTERM) three times mid-run and restarted. Every acknowledged record must be in the fact log, every customer's
/// window must open, get one workflow and one lead at the CRM (duplicates only under the same Idempotency-Key), and
/// the whole input sent again under new webhook-ids must change nothing.
/// </summary>
[Trait("Category", "Azurite")]
[Trait("Category", "Fault")]
[Collection(AzuriteCollection.Name)]
public sealed class CrashTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Customers = 250;

    /// <summary>How long the settle wait goes on without a record folded, a window opened or a lead delivered.</summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(150);

    [Fact]
    public Task KillNine_ThreeTimesMidRun_NothingAcknowledgedIsLost() => RunAsync(graceful: false);

    [Fact]
    public Task SigTerm_ThreeTimesMidRun_NothingAcknowledgedIsLost() => RunAsync(graceful: true);

    private async Task RunAsync(bool graceful)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12));
        var ct = timeout.Token;
        var clock = Stopwatch.StartNew();
        var prefix = AzuriteFixture.UniqueName("c");
        await using var crm = await CrmStandIn.StartAsync();
        var port = HostProcess.FreePort();
        var args = HostProcess.FaultArgs(azurite.ConnectionString, prefix, crm.BaseUrl);
        var host = await HostProcess.StartAsync(port, args, ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var secrets = Population.PartnerSecrets();
        var population = Population.Create(Customers, seed: graceful ? 7 : 9);
        var figures = new Figures();

        var stops = 0;
        async Task RestartAsync()
        {
            if (graceful)
            {
                Assert.True(host.Terminate(TimeSpan.FromSeconds(60)), "the host did not stop within 60 s of SIGTERM");
            }
            else
            {
                host.Kill();
            }

            host.Dispose();
            stops++;
            host = await HostProcess.StartAsync(port, args, ct);
        }

        try
        {
            // Consents first (a window's workflow plans with the consents folded before it), then the life events.
            await SendAllAsync(http, secrets, population.Consents, figures, ct, stopAfter: [0.5], restart: RestartAsync);
            await WaitForQueueEmptyAsync(prefix, ct);
            output.WriteLine($"consents acknowledged and consumed after {clock.Elapsed.TotalSeconds:F0} s");
            await SendAllAsync(http, secrets, population.Transfers, figures, ct, stopAfter: [0.3, 0.7], restart: RestartAsync);

            output.WriteLine($"all {figures.Sent} records acknowledged after {clock.Elapsed.TotalSeconds:F0} s");
            var expected = await WaitForSettledAsync(http, prefix, crm, figures, ct);
            Assert.Equal(3, stops);
            output.WriteLine(figures.Describe(graceful ? "SIGTERM" : "kill -9", stops, clock.Elapsed));

            // Redelivery: everything again under new webhook-ids changes nothing.
            var before = (figures.Folded, expected.Windows.Count, crm.Acknowledged.Count);
            var again = new Figures();
            await SendAllAsync(http, secrets, [.. population.Consents.Concat(population.Transfers).Select(r => r with { WebhookId = "again-" + r.WebhookId })], again, ct, [], RestartAsync);
            await WaitForQueueEmptyAsync(prefix, ct);
            await Task.Delay(2000, ct);
            var after = await SnapshotAsync(prefix, ct);
            Assert.Equal(again.Sent, again.Acknowledged);
            Assert.Equal(before.Folded, after.Facts.Count(f => figures.AcknowledgedEvidence.ContainsKey(f)));
            Assert.Equal(before.Item2, after.Windows.Count);
            Assert.Equal(before.Item3, crm.Acknowledged.Count);
            output.WriteLine($"redelivery of all {again.Sent} records under new webhook-ids: {again.Acknowledged} acknowledged; windows {after.Windows.Count} (was {before.Item2}), leads at the CRM {crm.Acknowledged.Count} (was {before.Item3})");
        }
        finally
        {
            host.Dispose();
        }
    }

    /// <summary>
    /// Sends one signed record until it is acknowledged (2xx), as a partner retries: again after a dropped connection or a
    /// timeout, and after 503 or 409 (anything else fails the test). <paramref name="clientFor"/> gives the client of each
    /// attempt (it may wait, or pick another host).
    /// </summary>
    internal static async Task SendUntilAcknowledgedAsync(SignedRecord record, IReadOnlyDictionary<string, string> secrets, Figures figures, Func<int, Task<HttpClient>> clientFor, CancellationToken ct)
    {
        Interlocked.Increment(ref figures.Sent);
        for (var attempt = 0; ; attempt++)
        {
            var sender = new WebhookSender(await clientFor(attempt), secrets[record.Partner], TimeProvider.System);
            HttpStatusCode status;
            try
            {
                using var response = await sender.SendAsync(record.Path, record.WebhookId, record.Body, cancellationToken: ct);
                status = response.StatusCode;
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref figures.Retries);
                await Task.Delay(200, ct);
                continue;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref figures.Retries);
                continue;
            }

            if ((int)status is >= 200 and < 300)
            {
                figures.AcknowledgedEvidence[record.Evidence] = record.WebhookId;
                Interlocked.Increment(ref figures.Acknowledged);
                return;
            }

            Assert.True(status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict, $"{record.WebhookId}: unexpected {(int)status}");
            Interlocked.Increment(ref figures.Retries);
            await Task.Delay(300, ct);
        }
    }

    internal static async Task SendAllAsync(HttpClient http, IReadOnlyDictionary<string, string> secrets, IReadOnlyList<SignedRecord> records, Figures figures, CancellationToken ct, double[] stopAfter, Func<Task> restart)
    {
        var next = -1;
        var acknowledged = 0;
        var pendingStops = new Queue<int>(stopAfter.Select(f => (int)(records.Count * f)));
        var restarting = new SemaphoreSlim(1, 1);
        async Task SenderAsync()
        {
            while (Interlocked.Increment(ref next) is var i && i < records.Count)
            {
                await SendUntilAcknowledgedAsync(records[i], secrets, figures, async _ =>
                {
                    await restarting.WaitAsync(ct);
                    restarting.Release();
                    return http;
                }, ct);

                var count = Interlocked.Increment(ref acknowledged);
                bool stop;
                lock (pendingStops)
                {
                    stop = pendingStops.Count > 0 && count >= pendingStops.Peek() && pendingStops.TryDequeue(out _);
                }

                if (stop)
                {
                    await restarting.WaitAsync(ct);
                    try
                    {
                        await restart();
                    }
                    finally
                    {
                        restarting.Release();
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(SenderAsync, ct)));
    }

    /// <summary>
    /// Waits until every acknowledged record is folded and every window's lead has reached the CRM, for as long as
    /// leads keep arriving: a lost lead shows as no progress for <see cref="StallLimit"/>, a late one (a slow machine,
    /// CI running other test projects beside this one) only as a longer wait, within the test's own timeout.
    /// </summary>
    private async Task<Snapshot> WaitForSettledAsync(HttpClient http, string prefix, CrmStandIn crm, Figures figures, CancellationToken ct)
    {
        await WaitForQueueEmptyAsync(prefix, ct);
        var waited = Stopwatch.StartNew();
        var stalled = Stopwatch.StartNew();
        var seen = (Folded: -1, Windows: -1, Leads: -1);
        var progress = new List<string>();
        Snapshot snapshot;
        while (true)
        {
            snapshot = await SnapshotAsync(prefix, CancellationToken.None);
            figures.Folded = figures.AcknowledgedEvidence.Keys.Count(snapshot.Facts.Contains);
            figures.Windows = snapshot.Windows.Count;
            figures.Leads = snapshot.Windows.Count(w => crm.Acknowledged.ContainsKey("lead-" + w));
            if (progress.Count <= waited.Elapsed.TotalSeconds / 15)
            {
                progress.Add(string.Create(CultureInfo.InvariantCulture, $"{waited.Elapsed.TotalSeconds:F0} s: {figures.Folded} folded, {figures.Windows} windows, {figures.Leads} leads"));
            }

            if ((figures.Folded, figures.Windows, figures.Leads) != seen)
            {
                seen = (figures.Folded, figures.Windows, figures.Leads);
                stalled.Restart();
            }

            if ((figures.Folded == figures.Acknowledged && figures.Windows == Customers && figures.Leads == Customers) || stalled.Elapsed > StallLimit || ct.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(1000, CancellationToken.None);
        }

        var ended = stalled.Elapsed > StallLimit ? $"no progress for {StallLimit.TotalSeconds:F0} s" : ct.IsCancellationRequested ? "the test's time ran out" : "settled";
        output.WriteLine($"settling after the last acknowledgement: {string.Join("; ", progress)}; {ended} after {waited.Elapsed.TotalSeconds:F0} s");

        // Every window has a live or finished workflow (a failed one is restarted by the repair sweep, every minute).
        int workflows;
        var notRunning = new Dictionary<string, string>(StringComparer.Ordinal);
        using var sweepWait = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        do
        {
            workflows = 0;
            figures.StalePending = 0;
            notRunning.Clear();
            foreach (var window in snapshot.Windows)
            {
                using var response = await http.GetAsync(new Uri($"/api/workflows/{window}", UriKind.Relative), CancellationToken.None);
                var status = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None) : default;
                if (status.ValueKind == JsonValueKind.Object && status.GetProperty("runtimeStatus").GetString() is "Running" or "Completed")
                {
                    workflows++;
                }
                else if (status.ValueKind == JsonValueKind.Object && status.GetProperty("runtimeStatus").GetString() == "Pending"
                    && status.TryGetProperty("customStatus", out var stage) && stage.ValueKind == JsonValueKind.Object)
                {
                    // Seen after a kill -9 on DurableTask.AzureStorage: the instance has run (its stage is set, its lead delivered)
                    // but its status row was left "Pending". It takes events (the CRM outcome) like a running one.
                    workflows++;
                    figures.StalePending++;
                }
                else
                {
                    notRunning[window] = $"{(int)response.StatusCode} {status}";
                }
            }

            if (notRunning.Count > 0)
            {
                await Task.Delay(2000, CancellationToken.None);
            }
        }
        while (notRunning.Count > 0 && !sweepWait.IsCancellationRequested);

        foreach (var (window, status) in notRunning)
        {
            output.WriteLine($"workflow of {window}: {status}");
        }

        await DescribeLeadlessAsync(http, prefix, crm, snapshot);

        figures.Workflows = workflows;
        figures.CrmAttempts = crm.Attempts;
        figures.Duplicates = crm.Acknowledged.Values.Sum(n => n - 1);
        Assert.Equal(figures.Sent, figures.Acknowledged);
        Assert.Equal(figures.Acknowledged, figures.Folded);
        Assert.Equal(Customers, figures.Windows);
        Assert.Equal(Customers, figures.Workflows);
        Assert.Equal(Customers, figures.Leads);
        Assert.All(crm.Acknowledged.Keys, key => Assert.StartsWith("lead-w-", key, StringComparison.Ordinal));
        return snapshot;
    }

    /// <summary>For each window whose lead has not reached the CRM: its workflow's status and its outbox entries, to tell a late lead from a lost one.</summary>
    private async Task DescribeLeadlessAsync(HttpClient http, string prefix, CrmStandIn crm, Snapshot snapshot)
    {
        var leadless = snapshot.Windows.Where(w => !crm.Acknowledged.ContainsKey("lead-" + w)).ToList();
        if (leadless.Count == 0)
        {
            return;
        }

        var outbox = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var leads = new TableClient(azurite.ConnectionString, prefix + "Leads");
        await foreach (var row in leads.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {TableLeadOutbox.RowPrefix} and RowKey lt {TableLeadOutbox.RowPrefix + "~"}"), cancellationToken: CancellationToken.None))
        {
            var window = row.GetString("WindowId") ?? string.Empty;
            (outbox.TryGetValue(window, out var list) ? list : outbox[window] = []).Add(string.Create(CultureInfo.InvariantCulture,
                $"{row.GetString("Kind")} {row.GetString("Status")} attempts {row.GetInt32("Attempts")} next {row.GetDateTimeOffset("NextAttemptAt"):HH:mm:ss} last {row.GetInt32("LastStatusCode")} {row.GetString("LastError")}"));
        }

        output.WriteLine($"{leadless.Count} windows without a lead at the CRM at {DateTimeOffset.UtcNow:HH:mm:ss} ({crm.Attempts} POSTs so far):");
        foreach (var window in leadless)
        {
            using var response = await http.GetAsync(new Uri($"/api/workflows/{window}", UriKind.Relative), CancellationToken.None);
            var status = await response.Content.ReadAsStringAsync(CancellationToken.None);
            output.WriteLine($"  {window}: workflow {(int)response.StatusCode} {status}; outbox [{string.Join("; ", outbox.GetValueOrDefault(window) ?? [])}]");
        }
    }

    private Task WaitForQueueEmptyAsync(string prefix, CancellationToken ct) => HostProcess.WaitForQueueEmptyAsync(azurite.ConnectionString, prefix, ct);

    private async Task<Snapshot> SnapshotAsync(string prefix, CancellationToken ct)
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var facts = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in service.GetTableClient(prefix + "FactLog").QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: ct))
        {
            facts.Add(TableShards.Split(row.RowKey).Remainder); // RowKey = "{customer}|{evidence hash}"
        }

        var windows = new List<string>();
        await foreach (var row in service.GetTableClient(prefix + "Windows").QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: ct))
        {
            windows.Add(TableShards.Split(row.RowKey).Remainder); // RowKey = "{customer}|{window id}"
        }

        return new Snapshot(facts, windows);
    }

    private sealed record Snapshot(HashSet<string> Facts, List<string> Windows);

    internal sealed class Figures
    {
        public readonly ConcurrentDictionary<string, string> AcknowledgedEvidence = new(StringComparer.Ordinal);
#pragma warning disable SA1401, CA1051 // counters updated with Interlocked
        public int Sent;
        public int Acknowledged;
        public int Retries;
#pragma warning restore SA1401, CA1051

        public int Folded { get; set; }

        public int Windows { get; set; }

        public int Workflows { get; set; }

        public int Leads { get; set; }

        public int CrmAttempts { get; set; }

        public int Duplicates { get; set; }

        public int StalePending { get; set; }

        public string Describe(string how, int stops, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
            $"{how} x{stops}: sent {Sent}, acknowledged {Acknowledged} (sender retries {Retries}), folded {Folded}, lost {Acknowledged - Folded}; windows {Windows}, workflows {Workflows}, leads at the CRM {Leads} ({CrmAttempts} POSTs, {Duplicates} duplicates under the same Idempotency-Key); {StalePending} workflows running under a stale Pending status; {elapsed.TotalSeconds:F0} s");
    }
}
