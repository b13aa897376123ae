using LifeWindow.Cli;

return await LifeWindowCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
