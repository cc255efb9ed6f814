using SoraGateway.Payments;

namespace SoraGateway.Bot;

/// <summary>Composition of the Bot host: chat channels, job runner, outbox dispatcher, local emulator.</summary>
public static class BotServiceCollectionExtensions
{
    public static IServiceCollection AddBotServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPaymentSchedules();
        services.AddHostedService<IdleNotice>();
        return services;
    }

    /// <summary>Until the chat channels land, the Bot host migrates the database and waits.</summary>
    private sealed class IdleNotice(ILogger<IdleNotice> logger) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            logger.LogInformation("Sora Gateway Bot is up: database ready. Chat channels are not wired yet; press Ctrl+C to stop.");
            return Task.Delay(Timeout.Infinite, stoppingToken);
        }
    }
}
