using System.Diagnostics;

namespace LifeWindow.Functions.Tests;

/// <summary>
/// Deliveries signed by the npm `standardwebhooks` package (run by Node), so our verification is
/// checked against an implementation we did not write: valid, tampered, stale and rotated secrets.
/// </summary>
public sealed class IndependentSignerTests : IAsyncLifetime
{
    private const string Path = "/api/feeds/provident-fund";
    private static readonly string PreviousSecret = "whsec_" + Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());
    private RunningHost host = null!;
    private string currentSecret = null!;

    public async Task InitializeAsync()
    {
        await AzuriteFixture.EnsureInstalledAsync(AzuriteFixture.RepositoryRoot());
        host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?> { ["Webhooks:Partners:gjj_shanghai:Secrets:1"] = PreviousSecret });
        currentSecret = host.Get<IOptions<WebhookOptions>>().Value.Partners["gjj_shanghai"].Secrets[0];
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static async Task<JsonElement> SignWithNodeAsync(string secret, string id, DateTimeOffset at, string body)
    {
        var file = System.IO.Path.GetTempFileName();
        await File.WriteAllTextAsync(file, body, new UTF8Encoding(false));
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { System.IO.Path.Combine(AppContext.BaseDirectory, "node", "sign.mjs"), secret, id, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), file })
        {
            start.ArgumentList.Add(arg);
        }

        // Node resolves `standardwebhooks` by walking up from the script (in the test output) to the repository's node_modules.
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    private async Task<HttpResponseMessage> SendAsync(JsonElement signed, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", signed.GetProperty("id").GetString());
        request.Headers.Add("webhook-timestamp", signed.GetProperty("timestamp").GetString());
        request.Headers.Add("webhook-signature", signed.GetProperty("signature").GetString());
        return await host.Http.SendAsync(request);
    }

    [Fact]
    public async Task NodeSigned_Valid_IsAccepted()
    {
        var body = SignedRequests.Envelope(SignedRequests.Contribution("GJJ-NODE-1"));
        using var response = await SendAsync(await SignWithNodeAsync(currentSecret, "node_1", DateTimeOffset.UtcNow, body), body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task NodeSigned_WithThePreviousSecretDuringRotation_IsAccepted()
    {
        var body = SignedRequests.Envelope(SignedRequests.Contribution("GJJ-NODE-2"));
        using var response = await SendAsync(await SignWithNodeAsync(PreviousSecret, "node_2", DateTimeOffset.UtcNow, body), body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task NodeSigned_BodyTamperedAfterSigning_Is401()
    {
        var body = SignedRequests.Envelope(SignedRequests.Contribution("GJJ-NODE-3"));
        var signed = await SignWithNodeAsync(currentSecret, "node_3", DateTimeOffset.UtcNow, body);
        using var response = await SendAsync(signed, body.Replace("18600", "18601", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NodeSigned_SixMinutesOld_Is401()
    {
        var body = SignedRequests.Envelope(SignedRequests.Contribution("GJJ-NODE-4"));
        using var response = await SendAsync(await SignWithNodeAsync(currentSecret, "node_4", DateTimeOffset.UtcNow.AddMinutes(-6), body), body);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NodeSigned_WithASecretNotConfigured_Is401()
    {
        var body = SignedRequests.Envelope(SignedRequests.Contribution("GJJ-NODE-5"));
        var stranger = "whsec_" + Convert.ToBase64String(Enumerable.Repeat((byte)9, 32).ToArray());
        using var response = await SendAsync(await SignWithNodeAsync(stranger, "node_5", DateTimeOffset.UtcNow, body), body);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
