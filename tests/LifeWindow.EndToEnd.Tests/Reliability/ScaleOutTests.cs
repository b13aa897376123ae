using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Xunit.Abstractions;

namespace LifeWindow.EndToEnd.Tests.Reliability;

/// <summary>
/// LifeWindow spread over three machines with no coordination of its own: three local-host processes on one Azurite —
/// one set of tables, one task hub, one feed-stream queue — take webhooks in turn while the queue's competing consumers,
/// the task hub's partition leases and the outbox's claims share the work out; one process is killed (-9) mid-run and
/// not restarted. Every acknowledged record must be folded once, every customer get one window, one workflow and one lead
/// at the CRM; each process reports its share (GET /api/ops, thisInstance). docs/scale.md records the figures.
/// </summary>
[Trait("Category", "Azurite")]
[Trait("Category", "Fault")]
[Collection(AzuriteCollection.Name)]
public sealed class ScaleOutTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Customers = 300;
    private const int Processes = 3;

    [Fact]
    public async Task ThreeProcessesOneTaskHub_OneKilledMidRun_EveryRecordOnceEveryWindowOneWorkflowAndLead()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = timeout.Token;
        var clock = Stopwatch.StartNew();
        var prefix = AzuriteFixture.UniqueName("s");
        await using var crm = await CrmStandIn.StartAsync();
        var args = HostProcess.FaultArgs(azurite.ConnectionString, prefix, crm.BaseUrl);
        var hosts = new HostProcess?[Processes];
        var clients = new HttpClient[Processes];
        for (var i = 0; i < Processes; i++)
        {
            hosts[i] = await HostProcess.StartAsync(HostProcess.FreePort(), args, ct);
            clients[i] = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{hosts[i]!.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        }

        var killed = Processes - 1;
        var shares = new Dictionary<int, IReadOnlyDictionary<string, long>>();
        try
        {
            var population = Population.Create(Customers, seed: 11);
            var secrets = Population.PartnerSecrets();
            var figures = new CrashTests.Figures();
            await SendRoundRobinAsync(clients, hosts, secrets, population.Consents, figures, killAt: -1, ct);
            await HostProcess.WaitForQueueEmptyAsync(azurite.ConnectionString, prefix, ct);
            output.WriteLine($"{Customers} consents acknowledged and consumed after {clock.Elapsed.TotalSeconds:F0} s");

            // Halfway through the life events, the third process is killed; its webhooks go to the other two.
            var killAt = Customers / 2;
            await SendRoundRobinAsync(clients, hosts, secrets, population.Transfers, figures, killAt, ct, onKill: async () =>
            {
                shares[killed] = await ThisInstanceAsync(clients[killed], ct);
                var host = hosts[killed]!;
                hosts[killed] = null; // no new request goes there; those in flight fail with the kill
                host.Kill();
                host.Dispose();
                output.WriteLine($"process {killed} killed (-9) after {killAt} transfers, at {clock.Elapsed.TotalSeconds:F0} s; its share so far: {Describe(shares[killed])}");
            });
            output.WriteLine($"all {figures.Sent} records acknowledged after {clock.Elapsed.TotalSeconds:F0} s ({figures.Retries} sender retries)");

            var settled = await WaitForSettledAsync(prefix, crm, figures, ct);
            for (var i = 0; i < Processes; i++)
            {
                if (hosts[i] is not null)
                {
                    shares[i] = await ThisInstanceAsync(clients[i], ct);
                }

                output.WriteLine($"process {i}{(i == killed ? " (killed)" : string.Empty)}: {Describe(shares[i])}");
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Processes} processes, one killed: sent {figures.Sent}, acknowledged {figures.Acknowledged}, folded {settled.Folded}, windows {settled.Windows}, workflows {settled.Workflows}, leads at the CRM {crm.Acknowledged.Count} ({crm.Attempts} POSTs); {clock.Elapsed.TotalSeconds:F0} s"));

            Assert.Equal(figures.Sent, figures.Acknowledged);
            Assert.Equal(figures.Acknowledged, settled.Folded);
            Assert.Equal(Customers, settled.Windows);
            Assert.Equal(1, settled.WindowsPerCustomerMax);
            Assert.Equal(Customers, settled.Workflows);
            Assert.Equal(settled.WindowIds.Select(w => "lead-" + w).Order(StringComparer.Ordinal), crm.Acknowledged.Keys.Order(StringComparer.Ordinal));

            // The work was shared: every process (the killed one before it died) folded records and ran workflow steps,
            // and the survivors' shares add up to at least what was left when it died.
            foreach (var (process, share) in shares)
            {
                Assert.True(share.GetValueOrDefault("lifewindow.records.folded") > 0, $"process {process} folded nothing: {Describe(share)}");
                Assert.True(share.GetValueOrDefault("lifewindow.durable.work_items") > 0, $"process {process} ran no workflow step: {Describe(share)}");
            }

            Assert.True(shares.Values.Sum(s => s.GetValueOrDefault("lifewindow.records.folded")) >= figures.Acknowledged, "records folded by the processes fall short of those acknowledged");
        }
        finally
        {
            foreach (var host in hosts)
            {
                host?.Dispose();
            }

            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>
    /// Eight senders; record i goes to process i mod 3 (a load balancer's round robin), to the next live one when that
    /// process is gone or drops the connection. After <paramref name="killAt"/> acknowledgements <paramref name="onKill"/> runs once,
    /// while the other senders go on.
    /// </summary>
    private static async Task SendRoundRobinAsync(
        HttpClient[] clients, HostProcess?[] hosts, IReadOnlyDictionary<string, string> secrets, IReadOnlyList<SignedRecord> records,
        CrashTests.Figures figures, int killAt, CancellationToken ct, Func<Task>? onKill = null)
    {
        var next = -1;
        var acknowledged = 0;
        var killed = 0;
        async Task SenderAsync()
        {
            while (Interlocked.Increment(ref next) is var i && i < records.Count)
            {
                // Round robin, moving on to the next live process on each further attempt.
                await CrashTests.SendUntilAcknowledgedAsync(records[i], secrets, figures, attempt =>
                    Task.FromResult(clients[Enumerable.Range(0, clients.Length).Select(k => (i + attempt + k) % clients.Length).First(k => hosts[k] is not null)]), ct);

                // The kill does not wait for the other senders: their requests in flight to that process fail and go elsewhere.
                if (Interlocked.Increment(ref acknowledged) >= killAt && killAt >= 0 && onKill is not null && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    await onKill();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(SenderAsync, ct)));
    }

    private static async Task<IReadOnlyDictionary<string, long>> ThisInstanceAsync(HttpClient client, CancellationToken ct)
    {
        var ops = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/ops", UriKind.Relative), ct);
        return ops.GetProperty("thisInstance").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
    }

    private static string Describe(IReadOnlyDictionary<string, long> share) => string.Join(", ", new[]
    {
        ("records accepted", "lifewindow.records.accepted"), ("records folded", "lifewindow.records.folded"), ("windows opened", "lifewindow.windows.opened"),
        ("workflows started", "lifewindow.workflows.started"), ("Durable work items", "lifewindow.durable.work_items"), ("CRM deliveries", "lifewindow.leads.deliveries"),
    }.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Item1} {share.GetValueOrDefault(f.Item2)}")));

    /// <summary>Until every acknowledged record is folded and every window's lead is at the CRM, or nothing moves for two minutes.</summary>
    private async Task<Settled> WaitForSettledAsync(string prefix, CrmStandIn crm, CrashTests.Figures figures, CancellationToken ct)
    {
        await HostProcess.WaitForQueueEmptyAsync(azurite.ConnectionString, prefix, ct);
        var stalled = Stopwatch.StartNew();
        var seen = (-1, -1, -1);
        var service = new TableServiceClient(azurite.ConnectionString);
        while (true)
        {
            var facts = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var row in service.GetTableClient(prefix + "FactLog").QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: ct))
            {
                facts.Add(TableShards.Split(row.RowKey).Remainder);
            }

            var windows = new List<(string Customer, string Window)>();
            await foreach (var row in service.GetTableClient(prefix + "Windows").QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: ct))
            {
                var (customer, window) = TableShards.Split(row.RowKey);
                windows.Add((customer, window));
            }

            var folded = figures.AcknowledgedEvidence.Keys.Count(facts.Contains);
            var leads = windows.Count(w => crm.Acknowledged.ContainsKey("lead-" + w.Window));
            if ((folded, windows.Count, leads) != seen)
            {
                seen = (folded, windows.Count, leads);
                stalled.Restart();
            }

            if ((folded == figures.Acknowledged && windows.Count == Customers && leads == Customers) || stalled.Elapsed > TimeSpan.FromMinutes(2) || ct.IsCancellationRequested)
            {
                var workflows = await CountWorkflowsAsync(prefix, [.. windows.Select(w => w.Window)], ct);
                return new Settled(folded, windows.Count, windows.GroupBy(w => w.Customer).Max(g => g.Count()), workflows, [.. windows.Select(w => w.Window)]);
            }

            await Task.Delay(1000, ct);
        }
    }

    /// <summary>Instances in the task hub's instance table named after a window (one per window; the id is the window id).</summary>
    private async Task<int> CountWorkflowsAsync(string prefix, IReadOnlyCollection<string> windows, CancellationToken ct)
    {
        var wanted = windows.ToHashSet(StringComparer.Ordinal);
        var instances = new TableClient(azurite.ConnectionString, prefix + "hubInstances");
        var found = 0;
        await foreach (var row in instances.QueryAsync<TableEntity>(select: ["PartitionKey", "RuntimeStatus"], cancellationToken: ct))
        {
            if (wanted.Contains(row.PartitionKey) && row.GetString("RuntimeStatus") is "Running" or "Completed" or "Pending")
            {
                found++;
            }
        }

        return found;
    }

    private sealed record Settled(int Folded, int Windows, int WindowsPerCustomerMax, int Workflows, IReadOnlyList<string> WindowIds);
}
