using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Payments.Casso;

namespace SoraGateway.Payments;

/// <summary>Registers orders, bank-transfer ingestion, the Casso webhook and reconciliation.</summary>
public static class PaymentServiceCollectionExtensions
{
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentOptions>().Bind(configuration.GetSection(PaymentOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CassoOptions>().Bind(configuration.GetSection(CassoOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<PaymentOrders>();
        services.AddScoped<BankTransferIngestion>();
        services.AddScoped<CassoWebhookReceiver>();
        services.AddScoped<PaymentReconciler>();
        services.AddHttpClient<CassoApiClient>(c => c.Timeout = TimeSpan.FromSeconds(20)).RemoveAllLoggers();
        return services;
    }

    /// <summary>The schedules of the Bot host: order expiry, and reconciliation when a Casso API key is set.</summary>
    public static IServiceCollection AddPaymentSchedules(this IServiceCollection services)
    {
        services.AddHostedService<OrderExpirySchedule>();
        services.AddHostedService<ReconciliationSchedule>();
        return services;
    }

    private sealed class OrderExpirySchedule(IServiceScopeFactory scopes, TimeProvider time, ILogger<OrderExpirySchedule> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var expired = await scope.ServiceProvider.GetRequiredService<PaymentOrders>().ExpireDueAsync(stoppingToken);
                    if (expired > 0)
                        logger.LogInformation("{Count} payment order(s) expired", expired);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Order expiry failed; retrying in a minute");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
    }

    private sealed class ReconciliationSchedule(
        IServiceScopeFactory scopes, IOptions<CassoOptions> options, TimeProvider time, ILogger<ReconciliationSchedule> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (string.IsNullOrWhiteSpace(options.Value.ApiKey))
            {
                logger.LogInformation("Casso reconciliation is off (Casso:ApiKey is not set)");
                return;
            }

            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.ReconcileIntervalMinutes), time);
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<PaymentReconciler>().ReconcileAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Casso reconciliation failed; next attempt on schedule");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
    }
}
