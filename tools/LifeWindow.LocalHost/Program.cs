using LifeWindow.LocalHost.CommandLine;
using LifeWindow.LocalHost.Hosting;

// lifewindow-host: the Functions app's triggers, timers, feed-stream consumer and workflows in one process, without
// the Functions host. Anything after the options that looks like --Section:Key value is configuration
// (command line > environment, e.g. Crm__BaseUrl > appsettings.json > built-in defaults).
var options = new LocalHostOptions();
var root = new RootCommand(
    "LifeWindow local host: the Functions app's HTTP triggers under /api, its timers, the feed-stream consumer, the workflows on "
    + "DTFx, a CRM sink at /crm-sink/leads (the default Crm:BaseUrl) and the partners' sandbox pull APIs. Further "
    + "--<Section>:<Key> <value> pairs are configuration. With --storage memory nothing survives the process; with azurite a "
    + "2xx means the record is kept.")
{
    TreatUnmatchedTokensAsErrors = false,
};
options.AddTo(root);
root.SetAction(async (result, cancellationToken) =>
{
    var app = LocalHostApp.Build(options.Read(result), [.. result.UnmatchedTokens]);
    await using (app.ConfigureAwait(false))
    {
        result.InvocationConfiguration.Output.WriteLine($"LifeWindow local host on {app.Configuration["urls"]}; {LocalHostApp.Describe(app)}. Ctrl+C to stop.");
        result.InvocationConfiguration.Output.WriteLine($"Pages: {app.Configuration["urls"]}/api/pages/inbox (sign in with an Operators:Tokens token; docs/pages.md).");
        await app.RunAsync().ConfigureAwait(false);
    }

    return 0;
});

return await CommandLineRunner.RunAsync(root, args, Console.Out, Console.Error).ConfigureAwait(false);
