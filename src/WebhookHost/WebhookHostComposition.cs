using SoraGateway.Channels.Telegram;
using SoraGateway.Persistence;
using SoraGateway.WebhookHost.Payments;
using SoraGateway.WebhookHost.Telegram;
using SoraGateway.WebhookHost.Videos;

namespace SoraGateway.WebhookHost;

/// <summary>Services and endpoints of the WebhookHost.</summary>
public static class WebhookHostComposition
{
    public static IServiceCollection AddWebhookHostServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddProblemDetails();
        // Always registered, active only when Telegram:Mode is Webhook and a bot token is set: the
        // decision waits for the settings, which a test host adds after this method has run.
        services.AddTelegramChannel(configuration).AddTelegramWebhook();
        return services;
    }

    public static WebApplication MapGatewayEndpoints(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/healthz", async (GatewayDbContext db, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct)
                ? Results.Ok(new { status = "ok", database = db.Provider.ToString() })
                : Results.Problem("The database is unreachable.", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapCassoWebhook();
        app.MapVideoEndpoints();
        app.MapTelegramWebhook();
        return app;
    }
}
