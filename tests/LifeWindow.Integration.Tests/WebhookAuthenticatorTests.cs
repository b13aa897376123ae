using LifeWindow.Integration.Webhooks;
using StandardWebhooks;

namespace LifeWindow.Integration.Tests;

public class WebhookAuthenticatorTests
{
    private const string Current = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Previous = "whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0";
    private const string OtherPartner = "whsec_emFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh";
    private const string Body = """{"type":"provident-fund.contribution","data":{}}""";
    // The StandardWebhooks library checks the timestamp against the wall clock too, so the fake clock starts at real time.
    private readonly FakeTimeProvider time = new(TimeProvider.System.GetUtcNow());

    private WebhookAuthenticator Authenticator() => new(Options.Create(new WebhookOptions
    {
        Partners =
        {
            ["gjj"] = new PartnerOptions { Scopes = ["provident-fund"], Secrets = [Current, Previous] },
            ["crm"] = new PartnerOptions { Scopes = ["crm-outcomes"], Secrets = [OtherPartner] },
        },
    }), time);

    private static Dictionary<string, string> Signed(string secret, string id, DateTimeOffset at, string body = Body) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["webhook-signature"] = new StandardWebhook(secret).Sign(id, at, body),
    };

    private static byte[] Bytes(string body) => Encoding.UTF8.GetBytes(body);

    [Fact]
    public void Authenticate_CurrentSecret_IdentifiesThePartner()
    {
        var result = Authenticator().Authenticate("provident-fund", Signed(Current, "msg_1", time.GetUtcNow()), Bytes(Body));
        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal("gjj", result.Partner);
        Assert.Equal("msg_1", result.WebhookId);
    }

    [Fact]
    public void Authenticate_PreviousSecretDuringRotation_IsAccepted() =>
        Assert.True(Authenticator().Authenticate("provident-fund", Signed(Previous, "msg_2", time.GetUtcNow()), Bytes(Body)).Succeeded);

    [Fact]
    public void Authenticate_TamperedBody_IsRejected()
    {
        var result = Authenticator().Authenticate("provident-fund", Signed(Current, "msg_3", time.GetUtcNow()), Bytes(Body.Replace("{}", "{\"x\":1}", StringComparison.Ordinal)));
        Assert.False(result.Succeeded);
        Assert.Contains("signature does not match", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_PartnerSigningForAnotherEndpoint_IsRejected() =>
        Assert.False(Authenticator().Authenticate("provident-fund", Signed(OtherPartner, "msg_4", time.GetUtcNow()), Bytes(Body)).Succeeded);

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Authenticate_TimestampOutsideFiveMinutes_IsRejected(int seconds)
    {
        var result = Authenticator().Authenticate("provident-fund", Signed(Current, "msg_5", time.GetUtcNow().AddSeconds(seconds)), Bytes(Body));
        Assert.False(result.Succeeded);
        Assert.Contains("tolerance", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Authenticate_TimestampJustInsideFiveMinutes_IsAccepted() =>
        Assert.True(Authenticator().Authenticate("provident-fund", Signed(Current, "msg_6", time.GetUtcNow().AddSeconds(-299)), Bytes(Body)).Succeeded);

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void Authenticate_MissingHeader_IsRejected(string header)
    {
        var headers = Signed(Current, "msg_7", time.GetUtcNow());
        headers.Remove(header);
        var result = Authenticator().Authenticate("provident-fund", headers, Bytes(Body));
        Assert.False(result.Succeeded);
        Assert.Contains("missing", result.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gjj-sh", "provident-fund", Current, "letters, digits and '_'")]
    [InlineData("gjj", "", Current, "Scopes")]
    [InlineData("gjj", "provident-fund", "whsec_bm90IGxvbmc=", "at least 16 bytes")]
    [InlineData("gjj", "provident-fund", "", "at least 16 bytes")]
    public void Options_BadPartnerConfiguration_FailsValidationNamingIt(string id, string scope, string secret, string expected)
    {
        var options = new WebhookOptions
        {
            Partners = { [id] = new PartnerOptions { Scopes = scope.Length == 0 ? [] : [scope], Secrets = [secret] } },
        };
        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        Assert.Contains(results, r => r.ErrorMessage!.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Options_TwoSecretsDuringRotation_AreValid() =>
        Assert.Empty(new WebhookOptions { Partners = { ["gjj_shanghai"] = new PartnerOptions { Scopes = ["provident-fund"], Secrets = [Current, Previous] } } }
            .Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())));
}
