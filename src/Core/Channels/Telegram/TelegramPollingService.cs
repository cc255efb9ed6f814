using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace SoraGateway.Channels.Telegram;

/// <summary>
/// Polling mode: fetches updates with <c>getUpdates</c> and hands each to the <see cref="ChatDispatcher"/>,
/// so that one chat's updates run in order and a slow chat never holds up the others.
/// </summary>
/// <remarks>
/// An update is confirmed (the offset moves past it) once it is queued, as Telegram.Bot's own loop
/// does: a crash loses the updates in flight rather than replaying them, which would repeat
/// side effects. On stop, the queued updates get a bounded time to finish.
/// </remarks>
public sealed class TelegramPollingService(
    ITelegramBotClient bot,
    TelegramCommandMenu menu,
    ChatDispatcher dispatcher,
    TelegramUpdateHandler handler,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<TelegramPollingService> logger) : BackgroundService
{
    /// <summary>The updates we ask for; everything else never reaches us.</summary>
    public static readonly IReadOnlyList<UpdateType> AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    /// <summary>How long a stop waits for queued updates to finish.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = false;
        int? offset = null;
        var backoff = new RetryBackoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    // Polling and a webhook exclude each other; keep the pending updates for us.
                    await bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken: stoppingToken);
                    await menu.RegisterAsync(stoppingToken);
                    started = true;
                    logger.LogInformation("Telegram polling started");
                }

                var updates = await bot.GetUpdates(offset, timeout: options.Value.PollingTimeoutSeconds,
                    allowedUpdates: AllowedUpdates, cancellationToken: stoppingToken);
                foreach (var update in updates)
                {
                    dispatcher.Enqueue(TelegramUpdateHandler.ChatKeyOf(update), ct => handler.HandleAsync(update, ct));
                    offset = update.Id + 1;
                }

                backoff.Reset();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                var delay = backoff.Next();
                if (ex is ApiRequestException { ErrorCode: 409 })
                    logger.LogWarning("Telegram polling conflict: another poller or a webhook is active; retrying in {Delay}", delay);
                else if (ex is ApiRequestException { ErrorCode: 401 })
                    logger.LogError("Telegram rejected the bot token (401 Unauthorized): check Telegram:BotToken; retrying in {Delay}", delay);
                else
                    // The exception text never carries the request URL (and so never the token).
                    logger.LogWarning(ex, "Telegram polling failed; retrying in {Delay}", delay);
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

        await DrainAsync();
    }

    private async Task DrainAsync()
    {
        using var limit = new CancellationTokenSource(DrainTimeout, time);
        try
        {
            await dispatcher.WhenIdleAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Telegram polling stopped with updates still running after {Timeout}", DrainTimeout);
        }
    }
}

/// <summary>Waits between failed attempts: 1 s, doubling up to 30 s, back to 1 s after a success.</summary>
internal sealed class RetryBackoff
{
    public static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    private TimeSpan _next = Initial;

    public TimeSpan Next()
    {
        var delay = _next;
        _next = _next * 2 > Max ? Max : _next * 2;
        return delay;
    }

    public void Reset() => _next = Initial;
}
