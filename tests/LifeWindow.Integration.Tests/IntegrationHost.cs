namespace LifeWindow.Integration.Tests;

/// <summary>The integration layer wired as the hosts wire it (AddLifeWindowIntegration), with a fake clock.</summary>
internal static class IntegrationHost
{
    public static IHost Build(FakeTimeProvider time, string? tablesConnection = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = RequiredSettings();
        if (tablesConnection is not null)
        {
            settings["Storage:Provider"] = "Tables";
            settings["Storage:ConnectionString"] = tablesConnection;
            settings["Storage:TablePrefix"] = AzuriteFixture.UniqueName("t");
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddLifeWindowIntegration().AddLifeWindowInMemoryFeedStream();
        return builder.Build();
    }

    /// <summary>The settings the integration layer cannot start without: a pepper, a dead-letter key, a CRM.</summary>
    public static Dictionary<string, string?> RequiredSettings() => new()
    {
        ["Identity:PepperKeyId"] = "k1",
        ["Identity:Pepper"] = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        ["Identity:LocalRegionPrefixes:0"] = "3101",
        ["DeadLetters:KeyId"] = "d1",
        ["DeadLetters:Keys:d1"] = Convert.ToBase64String(new byte[32]),
        ["Crm:BaseUrl"] = "http://127.0.0.1:9/",
        ["Crm:SigningSecrets:0"] = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    };

    public static T Get<T>(this IHost host)
        where T : notnull => host.Services.GetRequiredService<T>();
}
