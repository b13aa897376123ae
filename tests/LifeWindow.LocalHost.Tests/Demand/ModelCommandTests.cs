namespace LifeWindow.LocalHost.Tests.Demand;

/// <summary>lifewindow model train, then evaluate with the saved file; a file that is not a model is refused.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"demand-cli-{Guid.NewGuid():N}.zip");

    public void Dispose() => File.Delete(path);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await LifeWindowCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task TrainThenEvaluate_SavedModelScoresTheSameHoldout()
    {
        var trained = await RunAsync("model", "train", "--customers", "300", "--trees", "10", "--out", path);
        Assert.Equal(0, trained.Code);
        Assert.True(File.Exists(path));
        Assert.Contains("| AUC |", trained.Output, StringComparison.Ordinal);
        Assert.Contains("Saved demand-", trained.Output, StringComparison.Ordinal);

        var evaluated = await RunAsync("model", "evaluate", "--customers", "300", "--model", path);

        Assert.Equal(0, evaluated.Code);
        Assert.Contains("(loaded)", evaluated.Output, StringComparison.Ordinal);
        string Auc(string text) => text.Split('\n').Single(l => l.StartsWith("| AUC |", StringComparison.Ordinal));
        Assert.Equal(Auc(trained.Output), Auc(evaluated.Output));
    }

    [Fact]
    public async Task Experiment_NotAModelFile_Exits1NamingTheProblem()
    {
        await File.WriteAllTextAsync(path, "not a zip");

        var run = await RunAsync("model", "experiment", "--customers", "50", "--model", path);

        Assert.Equal(1, run.Code);
        Assert.NotEmpty(run.Error);
    }

    [Fact]
    public async Task Experiment_SharesOverOne_Exits2()
    {
        var run = await RunAsync("model", "experiment", "--control-share", "0.6", "--challenger-share", "0.6");

        Assert.Equal(2, run.Code);
        Assert.Contains("add up to at most 1", run.Error, StringComparison.Ordinal);
    }
}
