using SoraGateway.Bot;
using SoraGateway.Hosting;

Console.OutputEncoding = System.Text.Encoding.UTF8;
return await GatewayHost.RunAsync(() => BotComposition.CreateBuilder(args).Build());
