using LifeWindow.Functions;
using Microsoft.Azure.Functions.Worker.Builder;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddLifeWindowFunctionsApp();
builder.Build().Run();
