using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace SoraGateway.Channels.Telegram;

/// <summary><c>Links</c> section, as far as the Telegram webhook needs it.</summary>
public sealed class TelegramWebhookLinkOptions
{
    public const string Section = "Links";

    /// <summary>The public root URL of the WebhookHost (<c>https://gateway.example.com</c>).</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Where Telegram posts updates: <c>{PublicBaseUrl}/webhooks/telegram</c>.</summary>
    public string WebhookUrl => PublicBaseUrl.TrimEnd('/') + TelegramWebhookRegistration.Path;
}

/// <summary>
/// Webhook mode: tells Telegram where to post updates (with our secret) and registers the command
/// menu, retrying until Telegram answers; on stop, lets the queued updates finish (bounded).
/// Does nothing unless <see cref="TelegramOptions.IsWebhookActive"/>.
/// </summary>
public sealed class TelegramWebhookRegistration(
    IServiceProvider services,
    ChatDispatcher dispatcher,
    IOptions<TelegramOptions> options,
    IOptions<TelegramWebhookLinkOptions> links,
    TimeProvider time,
    ILogger<TelegramWebhookRegistration> logger) : BackgroundService
{
    /// <summary>The WebhookHost route Telegram posts to.</summary>
    public const string Path = "/webhooks/telegram";

    private readonly TaskCompletionSource<bool> _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with true once the webhook and the menu are set, or false when webhook mode is off or the host stopped first.</summary>
    public Task<bool> Registered => _registered.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsWebhookActive)
        {
            logger.LogInformation("Telegram webhook mode is off (Telegram:Mode is not Webhook, or no bot token)");
            _registered.TrySetResult(false);
            return;
        }

        // Resolved only now: without a token the client cannot be built, and then we never get here.
        var bot = services.GetRequiredService<ITelegramBotClient>();
        var menu = services.GetRequiredService<TelegramCommandMenu>();
        var backoff = new RetryBackoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await bot.SetWebhook(links.Value.WebhookUrl, allowedUpdates: TelegramPollingService.AllowedUpdates,
                    secretToken: options.Value.WebhookSecret, cancellationToken: stoppingToken);
                await menu.RegisterAsync(stoppingToken);
                logger.LogInformation("Telegram webhook set to {Url}", links.Value.WebhookUrl);
                _registered.TrySetResult(true);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                var delay = backoff.Next();
                logger.LogWarning(ex, "Setting the Telegram webhook failed; retrying in {Delay}", delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        _registered.TrySetResult(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Updates already acknowledged with 200 are ours to finish: Telegram will not resend them.
        using var timeout = new CancellationTokenSource(TelegramPollingService.DrainTimeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await dispatcher.WhenIdleAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopping with Telegram updates still running");
        }
    }
}
