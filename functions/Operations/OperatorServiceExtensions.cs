namespace LifeWindow.Functions.Operations;

public static class OperatorServiceExtensions
{
    /// <summary>Operator authentication for the operator API and the pages (the Functions app and the local host alike).</summary>
    public static IHostApplicationBuilder AddLifeWindowOperators(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OperatorIdentity>();
        builder.Services.AddSingleton<Pages.PageAccess>();
        builder.Services.AddSingleton<Pages.LeadInboxActions>();
        return builder;
    }
}
