using SoraGateway.AdminCli;

return await AdminApp.RunAsync(args, Console.Out, Console.Error);
