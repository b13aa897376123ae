using LifeWindow.Functions.Http;
using LifeWindow.Functions.Operations;
using LifeWindow.Integration;
using Microsoft.Azure.Functions.Worker.Builder;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnhandledErrorMiddleware>();
builder.AddLifeWindowIntegration()
    .AddLifeWindowFeedStream()
    .AddLifeWindowWorkflows()
    .AddLifeWindowOperators()
    .AddLifeWindowWebhooks();
builder.Build().Run();
