using LifeWindow.Functions.Http;
using LifeWindow.Functions.Operations;
using LifeWindow.Functions.Webhooks;
using LifeWindow.Integration;
using LifeWindow.Orchestrations;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnhandledErrorMiddleware>();
builder.AddLifeWindowIntegration()
    .AddLifeWindowStorageQueueFeedStream()
    .AddLifeWindowWorkflows()
    .AddLifeWindowOperators()
    .AddLifeWindowWebhooks();
builder.Build().Run();
