using Microsoft.Playwright;

namespace LifeWindow.LocalHost.Tests.Pages;

/// <summary>
/// Debian's chromium (/usr/bin/chromium, or LIFEWINDOW_CHROMIUM), driven by Playwright for .NET, one browser for the
/// class; Playwright never downloads a browser. The flags keep chromium off the network this machine does not have.
/// Screenshots go to artifacts/screenshots at the repository root (CI keeps them).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("LIFEWINDOW_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string Screenshots { get; } = Path.Combine(AzuriteFixture.RepositoryRoot(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        await InstallAsync();

        Directory.CreateDirectory(Screenshots);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// As the Azurite fixture fetches Azurite through npm, a fresh machine gets Debian's chromium and a CJK font through apt
    /// on the first run (as root, once); anywhere else a missing browser is a clear failure.
    /// </summary>
    private static async Task InstallAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(ExecutablePath))
            {
                return;
            }

            if (!File.Exists("/usr/bin/apt-get") || Environment.UserName != "root")
            {
                throw new InvalidOperationException($"No chromium at {ExecutablePath}: install Debian's package (apt-get install -y chromium fonts-wqy-microhei), as .ci/run does, or set LIFEWINDOW_CHROMIUM.");
            }

            using var apt = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", "apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await apt.StandardOutput.ReadToEndAsync() + await apt.StandardError.ReadToEndAsync();
            await apt.WaitForExitAsync();
            if (apt.ExitCode != 0 || !File.Exists(ExecutablePath))
            {
                throw new InvalidOperationException($"apt-get could not install chromium (exit {apt.ExitCode}):\n{output}");
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
    }

    /// <summary>A fresh context (its own cookies) signed in on the host's sign-in page with the operator's token.</summary>
    public async Task<IPage> SignInAsync(RunningHost host, string operatorId, string landing)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.Http.BaseAddress!.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(landing);
        Assert.Contains("/api/pages/sign-in", page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=token]", host.OperatorToken(operatorId));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**" + landing.Split('?')[0] + "**");
        return page;
    }

    public static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}
