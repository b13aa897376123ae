using LifeWindow.Cli.Backtests;
using Azure.Data.Tables;
using LifeWindow.Integration.Audit;

namespace LifeWindow.Cli.Operators;

/// <summary>
/// `lifewindow audit verify --storage azurite [--connection …] [--table-prefix …]`: reads the audit log's table directly
/// (not through a host, so a host's own code is not trusted to check itself), recomputes every chain and anchor, and
/// names the first altered or missing record of each broken chain. Exit 0 when intact, 1 when not.
/// </summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var tablePrefix = FactFileCommands.TablePrefixOption();
        var host = new LocalHostOptions();
        var verify = new Command("verify", "Recompute every audit chain and anchor; name each altered or missing record.") { tablePrefix };
        host.AddTo(verify, listens: false);
        verify.SetAction((result, cancellationToken) => VerifyAsync(host.Read(result), result.GetValue(tablePrefix), result.Writers().Output, cancellationToken));
        return new Command("audit", "The hash-chained audit log of every decision.") { verify };
    }

    public static async Task<int> VerifyAsync(LocalHostSettings settings, string? tablePrefix, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (settings.Storage != StorageMode.Azurite)
        {
            throw new ArgumentException("audit verify reads the Table audit log: add --storage azurite (the in-memory log of a new process holds none).");
        }

        var log = new TableAuditLog(new LifeWindowTables(new TableServiceClient(settings.StorageConnectionString), tablePrefix ?? settings.NamePrefix), TimeProvider.System);
        var result = await log.VerifyAsync(cancellationToken);
        foreach (var problem in result.Problems)
        {
            output.WriteLine("BROKEN  " + problem);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(result.Intact ? "intact" : "NOT intact")}: {result.Chains:N0} chains, {result.Records:N0} records, {result.Anchors:N0} anchors checked; {result.Problems.Count} problem(s)"));
        return result.Intact ? 0 : 1;
    }
}
