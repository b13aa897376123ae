using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LifeWindow.Tests.Shared;

/// <summary>
/// Azurite for tests marked [Trait("Category","Azurite")]. Uses LIFEWINDOW_AZURITE (a connection
/// string) when set, else an Azurite already listening on the default ports (as .ci/run starts it),
/// else starts one from node_modules on free ports for this test run and stops it afterwards
/// (running 'npm ci' first, once across test processes, when node_modules is missing).
/// Every user should take <see cref="UniqueName"/> names so runs never share tables or task hubs.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private Process? azurite;

    public string ConnectionString { get; private set; } = string.Empty;

    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("LIFEWINDOW_AZURITE") is { Length: > 0 } configured)
        {
            ConnectionString = configured;
            return;
        }

        if (await IsListeningAsync(10000) && await IsListeningAsync(10001) && await IsListeningAsync(10002))
        {
            ConnectionString = Build(10000, 10001, 10002);
            return;
        }

        var root = RepositoryRoot();
        var script = await EnsureInstalledAsync(root);

        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var workspace = Directory.CreateTempSubdirectory("lifewindow-azurite-").FullName;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workspace,
        };
        foreach (var arg in new[]
        {
            script, "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", blob.ToString(CultureInfo.InvariantCulture), "--queuePort", queue.ToString(CultureInfo.InvariantCulture), "--tablePort", table.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        azurite = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        azurite.OutputDataReceived += (_, _) => { };
        azurite.ErrorDataReceived += (_, _) => { };
        azurite.BeginOutputReadLine();
        azurite.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await IsListeningAsync(blob) && await IsListeningAsync(queue) && await IsListeningAsync(table)))
        {
            if (azurite.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("Azurite did not start listening within 30 s.");
            }

            await Task.Delay(200);
        }

        ConnectionString = Build(blob, queue, table);
    }

    public Task DisposeAsync()
    {
        if (azurite is { HasExited: false })
        {
            azurite.Kill(entireProcessTree: true);
            azurite.WaitForExit(5000);
        }

        azurite?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Runs 'npm ci' if the repository's npm packages (Azurite, standardwebhooks) are missing; a lock file keeps parallel test processes from installing at once.</summary>
    public static async Task<string> EnsureInstalledAsync(string root)
    {
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                await using var gate = new FileStream(Path.Combine(root, ".azurite-install.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                if (!File.Exists(script))
                {
                    var npm = new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
                    using var install = Process.Start(npm) ?? throw new InvalidOperationException("Could not run npm.");
                    var errors = install.StandardError.ReadToEndAsync();
                    await install.StandardOutput.ReadToEndAsync();
                    await install.WaitForExitAsync();
                    if (install.ExitCode != 0 || !File.Exists(script))
                    {
                        throw new InvalidOperationException($"'npm ci' in {root} failed ({install.ExitCode}): {await errors}");
                    }
                }

                return script;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Functions.sln) above " + AppContext.BaseDirectory);
    }

    private static string Build(int blob, int queue, int table) => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
