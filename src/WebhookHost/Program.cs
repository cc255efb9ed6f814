using SoraGateway.Hosting;
using SoraGateway.WebhookHost;

return await GatewayHost.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddGatewaySources(builder.Environment.EnvironmentName, args);
    builder.Services.AddGatewayCore(builder.Configuration);
    builder.Services.AddWebhookHostServices(builder.Configuration);
    var app = builder.Build();
    app.MapGatewayEndpoints();
    return app;
});

namespace SoraGateway.WebhookHost
{
    /// <summary>Names this assembly for <c>WebApplicationFactory</c> (the Bot host has a Program too).</summary>
    public sealed class WebhookHostEntryPoint;
}
