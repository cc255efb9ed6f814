using SoraGateway.Hosting;
using SoraGateway.Persistence;
using SoraGateway.WebhookHost;

return await GatewayHost.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddGatewaySources(builder.Environment.EnvironmentName, args);
    builder.Services.AddGatewayDatabase(builder.Configuration);
    builder.Services.AddWebhookHostServices(builder.Configuration);
    var app = builder.Build();
    app.MapGatewayEndpoints();
    return app;
});

/// <summary>Entry point marker for <c>WebApplicationFactory</c>.</summary>
public partial class Program;
