using LifeWindow.Cli.Backtests;
using LifeWindow.Cli.Batch;
using LifeWindow.Cli.Intents;
using LifeWindow.Cli.Models;
using LifeWindow.Cli.Operators;
using LifeWindow.Cli.Population;
using LifeWindow.Sandbox.Partners;

namespace LifeWindow.Cli;

/// <summary>
/// The operator CLI, <c>lifewindow</c>: sign a body as a partner would, the lead outbox and dead letters of a running
/// host, batch imports, backtests and fact files, the funnel report, the intent classifier's evaluation. Each command's options live beside its code; <c>--help</c> works on
/// every command; bad arguments exit 2.
/// </summary>
public static class LifeWindowCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("lifewindow — LifeWindow's operator CLI. The host itself is tools/LifeWindow.LocalHost, the demo tools/LifeWindow.Demo.")
        {
            Sign(),
            LeadCommands.Create(),
            DeadLetterCommands.Create(),
            EraseCommand.Create(),
            AuditCommands.Create(),
            ReportCommand.Create(),
            ImportWhitelistCommand.Create(),
            BacktestCommand.Create(),
            FactFileCommands.CreateGenerate(),
            FactFileCommands.CreateExport(),
            IntentsCommand.Create(),
            PopulationCommand.Create(),
            ModelCommand.Create(),
        };
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => CommandLineRunner.RunAsync(Create(), args, output, error);

    /// <summary>lifewindow sign: the Standard Webhooks headers for a body, to call an endpoint with curl or a .http file.</summary>
    private static Command Sign()
    {
        var file = new Argument<FileInfo>("body") { Description = "the request body (JSON), exactly as it will be sent" };
        var secret = new Option<string>("--secret") { Description = "the partner's signing secret", HelpName = "whsec_…", Required = true };
        var id = new Option<string>("--id") { Description = "the webhook-id (default: a new msg_… id)" };
        var command = new Command("sign", "Print the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) for a body.") { file, secret, id };
        command.SetAction(result =>
        {
            var webhookId = result.GetValue(id) is { Length: > 0 } given ? given : "msg_" + Guid.NewGuid().ToString("N");
            var body = File.ReadAllText(result.GetValue(file)!.FullName);
            using var http = new HttpClient();
            using var request = new WebhookSender(http, result.GetValue(secret)!, TimeProvider.System).Sign("/", webhookId, body, TimeProvider.System.GetUtcNow());
            foreach (var header in request.Headers)
            {
                result.InvocationConfiguration.Output.WriteLine($"{header.Key}: {string.Join(",", header.Value)}");
            }

            return 0;
        });
        return command;
    }
}
