using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoraGateway.Conversations;
using SoraGateway.Users;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SoraGateway.Channels.Telegram;

/// <summary>
/// Handles one update from start to end: map it, let the engine answer, acknowledge a button
/// press, send the replies. Runs inside the <see cref="ChatDispatcher"/>, one update per chat at a time.
/// </summary>
public sealed class TelegramUpdateHandler(
    TelegramInputMapper mapper,
    TelegramChatSender sender,
    ITelegramBotClient bot,
    IServiceScopeFactory scopes,
    ILogger<TelegramUpdateHandler> logger)
{
    /// <summary>Longest text of a callback answer (the toast).</summary>
    public const int MaxCallbackAnswerLength = 200;

    /// <summary>
    /// The dispatcher key of an update: <c>telegram:&lt;chat id&gt;</c>, so that one chat's updates
    /// run in order (a press without a visible message falls back to the user).
    /// </summary>
    public static string ChatKeyOf(Update update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var chat = update.Message?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id;
        if (chat is { } id)
            return $"{ChannelNames.Telegram}:{id.ToString(CultureInfo.InvariantCulture)}";
        return update.CallbackQuery?.From.Id is { } user
            ? $"{ChannelNames.Telegram}:user:{user.ToString(CultureInfo.InvariantCulture)}"
            : $"{ChannelNames.Telegram}:other";
    }

    /// <summary>Handles <paramref name="update"/>; never throws except for cancellation.</summary>
    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(update);
        var callback = update.CallbackQuery;
        var answered = false;
        try
        {
            var input = await mapper.MapAsync(update, ct);
            if (input is null)
                return;

            ChatResponse response;
            // The engine is scoped (one DbContext per update).
            await using (var scope = scopes.CreateAsyncScope())
                response = await scope.ServiceProvider.GetRequiredService<IChatInputProcessor>().ProcessAsync(input, ct);

            if (callback is not null)
            {
                // Telegram shows a spinner on the button until answered: answer before the slower sends.
                answered = true;
                await AnswerAsync(callback.Id, response.CallbackAnswer, ct);
            }

            foreach (var reply in response.Replies)
                await sender.SendAsync(input.ChatId, reply, ct);
        }
        catch (ChatUnreachableException)
        {
            // The person blocked the bot; the sender has marked the chat. Nothing more to send.
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Telegram update {UpdateId} ({UpdateType}) failed", update.Id, update.Type);
        }
        finally
        {
            if (callback is not null && !answered)
                await AnswerAsync(callback.Id, null, CancellationToken.None);
        }
    }

    private async Task AnswerAsync(string callbackQueryId, string? text, CancellationToken ct)
    {
        if (text is { Length: > MaxCallbackAnswerLength })
        {
            var keep = MaxCallbackAnswerLength - 1;
            if (char.IsHighSurrogate(text[keep - 1]))
                keep--;
            text = text[..keep] + "…";
        }
        try
        {
            await bot.AnswerCallbackQuery(callbackQueryId, text: text, cancellationToken: ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A late or repeated answer fails ("query is too old"); the replies still matter more.
            logger.LogWarning(ex, "Could not answer a Telegram callback query");
        }
    }
}
