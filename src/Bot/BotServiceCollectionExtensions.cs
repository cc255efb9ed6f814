using SoraGateway.Channels.Emulator;
using SoraGateway.Channels.Telegram;
using SoraGateway.Hosting;
using SoraGateway.Outbox;
using SoraGateway.Payments;
using SoraGateway.Videos.Jobs;
using SoraGateway.Webhooks;

namespace SoraGateway.Bot;

/// <summary>Composition of the Bot host: a chat channel (Telegram, or the local emulator), the outbox dispatcher and the schedules.</summary>
public static class BotComposition
{
    /// <summary>True when no chat token is configured: the Bot host runs the terminal emulator.</summary>
    public static bool IsEmulator(IConfiguration configuration) => string.IsNullOrWhiteSpace(configuration["Telegram:BotToken"]);

    /// <summary>The Bot host's builder; <paramref name="configure"/> runs before composition (tests add settings there).</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddGatewaySources(builder.Environment.EnvironmentName, args);
        configure?.Invoke(builder);
        if (IsEmulator(builder.Configuration))
        {
            builder.Configuration.AddEmulatorDefaults();
            // The terminal is the chat: logs go to stderr, and only warnings.
            builder.Logging.AddFilter(null, LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        builder.Services.AddGatewayCore(builder.Configuration);
        builder.Services.AddPaymentSchedules();
        builder.Services.AddHostedService<OutboxDispatchService>();
        builder.Services.AddVideoJobRunner();
        builder.Services.AddHostedService<WebhookEventPruning>();
        if (IsEmulator(builder.Configuration))
        {
            builder.Services.AddEmulator(builder.Configuration);
        }
        else
        {
            // The channel sends replies, videos and notifications; updates come by long polling, or
            // in webhook mode to WebhookHost (only one process per token may poll).
            builder.Services.AddTelegramChannel(builder.Configuration);
            if (!string.Equals(builder.Configuration["Telegram:Mode"], "Webhook", StringComparison.OrdinalIgnoreCase))
                builder.Services.AddTelegramPolling();
        }

        return builder;
    }
}
