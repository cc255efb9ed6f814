using SoraGateway.Bot;
using SoraGateway.Hosting;

return await GatewayHost.RunAsync(() =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Configuration.AddGatewaySources(builder.Environment.EnvironmentName, args);
    builder.Services.AddGatewayCore(builder.Configuration);
    builder.Services.AddBotServices(builder.Configuration);
    return builder.Build();
});
