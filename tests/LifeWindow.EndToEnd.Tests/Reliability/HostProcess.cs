using System.Diagnostics;
using System.Net.Sockets;

namespace LifeWindow.EndToEnd.Tests.Reliability;

/// <summary>The local host (`lifewindow-host --storage azurite`) in a process of its own, to be killed (-9) or stopped (SIGTERM) mid-run.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process process;

    private HostProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public int Id => process.Id;

    public static async Task<HostProcess> StartAsync(int port, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lifewindow-host.dll"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return new HostProcess(process, port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The fault tests' command line: the local host on Azurite under <paramref name="prefix"/>, leads to
    /// <paramref name="crm"/>, no quiet hours, and short leases, so that what a killed host held is taken over within
    /// seconds, not minutes: its webhook-ids (the partner gets 409 until then), its feed messages, its Durable partitions and
    /// the orchestration and activity messages it had dequeued (DTFx hides them 5 min by default), and its outbox claims.
    /// </summary>
    public static string[] FaultArgs(string connectionString, string prefix, Uri crm) =>
    [
        "--storage", "azurite", "--connection", connectionString, "--prefix", prefix,
        "--Crm:BaseUrl", crm.ToString(),
        "--Policies:Offer:Contact:QuietFrom", "00:00", "--Policies:Offer:Contact:QuietUntil", "00:00",
        "--Webhooks:ClaimLeaseSeconds", "5", "--FeedStream:VisibilityTimeoutSeconds", "5",
        "--Durable:PartitionLeaseInterval", "00:00:06", "--Durable:QueueVisibilityTimeout", "00:00:20",
        "--LeadDelivery:ClaimLeaseSeconds", "10", "--Repair:StrandedStartAfterSeconds", "45",
        "--Logging:LogLevel:Default", "Error",
    ];

    public static int FreePort()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Until the hosts' feed-stream queue under <paramref name="prefix"/> holds no message (taken or not).</summary>
    public static async Task WaitForQueueEmptyAsync(string connectionString, string prefix, CancellationToken ct)
    {
        var queue = new Azure.Storage.Queues.QueueClient(connectionString, prefix.ToLowerInvariant() + "-feed-stream");
        while ((await queue.GetPropertiesAsync(ct)).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(250, ct);
        }
    }

    /// <summary>kill -9: no drain, no goodbye.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>SIGTERM, then wait for the graceful stop (bounded by the host's drain time).</summary>
    public bool Terminate(TimeSpan timeout)
    {
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            signal.WaitForExit();
        }

        if (process.WaitForExit(timeout))
        {
            return true;
        }

        Kill();
        return false;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }
}
