using System.CommandLine;
using LifeWindow.Demo;
using LifeWindow.LocalHost.CommandLine;

// lifewindow-demo: the main job. Exit 0 when everything expected happened, 1 otherwise, 2 on bad arguments.
var host = new LocalHostOptions();
var root = new RootCommand(
    "LifeWindow demo: starts the local host, sends it signed sample webhooks over HTTP (partners, the bank, consents, a CRM "
    + "outcome), runs each scheduled pull once against the sandbox partners, waits for the workflows, and prints the windows "
    + "and leads produced. Exits 0 when everything expected happened.");
var funnel = new Option<string>("--funnel-out") { Description = $"where to write the funnel picture (SVG; default {DemoRunner.DefaultFunnelFile})", HelpName = "funnel.svg", DefaultValueFactory = _ => DemoRunner.DefaultFunnelFile };
root.Options.Add(funnel);
host.AddTo(root, listens: false);
root.SetAction(async (result, cancellationToken) =>
{
    var runner = new DemoRunner(result.InvocationConfiguration.Output, result.GetValue(funnel));
    var report = await runner.RunAsync(host.Read(result) with { Port = 0 }, cancellationToken).ConfigureAwait(false);
    runner.Print(report);
    return report.Succeeded ? 0 : 1;
});

return await CommandLineRunner.RunAsync(root, args, Console.Out, Console.Error).ConfigureAwait(false);
