using LifeWindow.LocalHost;

return await Cli.RunAsync(args, Console.Out, Console.Error);
