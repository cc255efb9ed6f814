using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoraGateway.Conversations;
using SoraGateway.Users;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SoraGateway.Channels.Telegram;

/// <summary>
/// Renders the engine's replies as Telegram messages: HTML text, inline keyboards, photos and videos.
/// </summary>
/// <remarks>
/// The client already retries a 429 whose <c>retry_after</c> is within its threshold; one that
/// still fails becomes <see cref="ChatRateLimitedException"/>. A 403 (blocked, kicked, deactivated)
/// marks the chat unreachable through <see cref="IChatReachability"/> and becomes
/// <see cref="ChatUnreachableException"/>.
/// </remarks>
public sealed class TelegramChatSender(ITelegramBotClient bot, IServiceScopeFactory scopes, ILogger<TelegramChatSender> logger) : IChatSender
{
    /// <summary>Largest upload Telegram accepts from a bot (without a local Bot API server).</summary>
    public const long MaxVideoUploadBytes = 50L * 1024 * 1024;

    /// <summary>Longest <c>callback_data</c>, in UTF-8 bytes.</summary>
    public const int MaxCallbackDataBytes = 64;

    /// <summary>Label of the link button sent instead of a video too large to upload, when the reply names none.</summary>
    public const string DownloadButtonLabel = "⬇️ Video";

    public string Channel => ChannelNames.Telegram;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A button has neither data nor a URL, or data longer than 64 UTF-8 bytes.</exception>
    public async Task<DeliveredMessage> SendAsync(string chatId, Reply reply, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var chat = ParseChatId(chatId);
        var keyboard = Keyboard(reply.Buttons);
        return reply switch
        {
            TextReply text => await SendTextAsync(chatId, chat, text.Html, keyboard, ct),
            PhotoReply photo => await SendPhotoAsync(chatId, chat, photo, keyboard, ct),
            VideoReply video => await SendVideoAsync(chatId, chat, video, keyboard, ct),
            _ => throw new ArgumentException($"Telegram cannot render a {reply.GetType().Name}.", nameof(reply)),
        };
    }

    /// <inheritdoc/>
    public async Task EditTextAsync(string chatId, string messageId, string html, CancellationToken ct)
    {
        var chat = ParseChatId(chatId);
        if (!int.TryParse(messageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            throw new ArgumentException("A Telegram message id is a positive number.", nameof(messageId));
        try
        {
            await CallAsync(chatId, token => bot.EditMessageText(chat, id, html, parseMode: ParseMode.Html, cancellationToken: token), ct);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase))
        {
            // The same progress text again: nothing to change.
        }
    }

    private async Task<DeliveredMessage> SendTextAsync(string chatId, long chat, string html, InlineKeyboardMarkup? keyboard, CancellationToken ct)
    {
        var parts = TelegramHtmlText.Split(html);
        Message? last = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            // The buttons belong under the end of the text.
            var markup = i == parts.Count - 1 ? keyboard : null;
            last = await CallAsync(chatId, token => bot.SendMessage(chat, part, parseMode: ParseMode.Html, replyMarkup: markup, cancellationToken: token), ct);
        }

        return new DeliveredMessage(MessageIdText(last!));
    }

    private async Task<DeliveredMessage> SendPhotoAsync(string chatId, long chat, PhotoReply photo, InlineKeyboardMarkup? keyboard, CancellationToken ct)
    {
        var (caption, overflow) = Caption(photo.CaptionHtml);
        var sent = await CallAsync(chatId, async token =>
        {
            await using var image = new MemoryStream(photo.Image, writable: false);
            return await bot.SendPhoto(chat, InputFile.FromStream(image, photo.FileName), caption: caption, parseMode: ParseMode.Html,
                replyMarkup: overflow is null ? keyboard : null, cancellationToken: token);
        }, ct);
        var fileId = sent.Photo?.MaxBy(p => (long)p.Width * p.Height)?.FileId;
        return await FollowWithCaptionAsync(chatId, chat, sent, fileId, overflow, keyboard, ct);
    }

    private async Task<DeliveredMessage> SendVideoAsync(string chatId, long chat, VideoReply video, InlineKeyboardMarkup? keyboard, CancellationToken ct)
    {
        var (caption, overflow) = Caption(video.CaptionHtml);
        var markup = overflow is null ? keyboard : null;
        Message sent;
        if (video.CachedFileId is { Length: > 0 } cached)
        {
            sent = await CallAsync(chatId, token => bot.SendVideo(chat, InputFile.FromFileId(cached), caption: caption, parseMode: ParseMode.Html,
                replyMarkup: markup, supportsStreaming: true, cancellationToken: token), ct);
            return await FollowWithCaptionAsync(chatId, chat, sent, sent.Video?.FileId ?? cached, overflow, keyboard, ct);
        }

        var file = new FileInfo(video.FilePath);
        if (file.Exists && file.Length is > 0 and <= MaxVideoUploadBytes)
        {
            sent = await CallAsync(chatId, async token =>
            {
                // A seekable FileStream: the client can rewind it for a retry instead of buffering 50 MB.
                await using var content = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
                return await bot.SendVideo(chat, InputFile.FromStream(content, file.Name), caption: caption, parseMode: ParseMode.Html,
                    replyMarkup: markup, supportsStreaming: true, cancellationToken: token);
            }, ct);
            return await FollowWithCaptionAsync(chatId, chat, sent, sent.Video?.FileId, overflow, keyboard, ct);
        }

        if (video.DownloadUrl is not { Length: > 0 } url)
            throw new InvalidOperationException($"The video of job {video.JobId} cannot be uploaded and has no download link.");

        // Too large to upload (or no longer on disk): the signed link instead.
        IReadOnlyList<IReadOnlyList<ChatButton>> buttons = [[new ChatButton(video.DownloadLabel ?? DownloadButtonLabel, Url: url)], .. video.Buttons];
        var text = TelegramHtmlText.HasVisibleText(video.CaptionHtml) ? video.CaptionHtml : TelegramHtmlText.Escape(url);
        return await SendTextAsync(chatId, chat, text, Keyboard(buttons), ct);
    }

    /// <summary>A caption Telegram accepts, or none and the whole caption as a following message.</summary>
    private static (string? Caption, string? Overflow) Caption(string html) =>
        !TelegramHtmlText.HasVisibleText(html) ? (null, null)
        : TelegramHtmlText.VisibleLength(html) <= TelegramHtmlText.MaxCaptionLength ? (html, null)
        : (null, html);

    private async Task<DeliveredMessage> FollowWithCaptionAsync(string chatId, long chat, Message media, string? fileId, string? overflow,
        InlineKeyboardMarkup? keyboard, CancellationToken ct)
    {
        if (overflow is null)
            return new DeliveredMessage(MessageIdText(media), fileId);
        // The caption was too long: it follows as text, carrying the buttons; that message is the one to edit later.
        var text = await SendTextAsync(chatId, chat, overflow, keyboard, ct);
        return text with { FileId = fileId };
    }

    /// <summary>Runs one Bot API call and turns 403 and a persistent 429 into the channel-agnostic exceptions.</summary>
    private async Task<T> CallAsync<T>(string chatId, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call(ct);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 403)
        {
            await MarkUnreachableAsync(chatId, ct);
            throw new ChatUnreachableException(Channel, chatId, ex);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 429)
        {
            throw new ChatRateLimitedException(TimeSpan.FromSeconds(ex.Parameters?.RetryAfter ?? 1), ex);
        }
    }

    private async Task MarkUnreachableAsync(string chatId, CancellationToken ct)
    {
        try
        {
            // Reachability is kept in the database: a scoped service behind this singleton.
            await using var scope = scopes.CreateAsyncScope();
            if (scope.ServiceProvider.GetService<IChatReachability>() is { } reachability)
                await reachability.MarkUnreachableAsync(Channel, chatId, ct);
            else
                logger.LogWarning("Chat telegram:{ChatId} blocked the bot, and no IChatReachability is registered to remember it", chatId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not mark chat telegram:{ChatId} unreachable", chatId);
        }
    }

    /// <summary>Rows of buttons as an inline keyboard; null when there are none.</summary>
    internal static InlineKeyboardMarkup? Keyboard(IReadOnlyList<IReadOnlyList<ChatButton>> rows)
    {
        if (rows.All(row => row.Count == 0))
            return null;
        return new InlineKeyboardMarkup(rows.Where(row => row.Count > 0).Select(row => row.Select(Button).ToArray()));
    }

    private static InlineKeyboardButton Button(ChatButton button)
    {
        if (button.Url is { Length: > 0 } url)
            return InlineKeyboardButton.WithUrl(button.Label, url);
        if (button.Data is not { Length: > 0 } data)
            throw new ArgumentException($"The button \"{button.Label}\" has neither data nor a URL.", nameof(button));
        if (Encoding.UTF8.GetByteCount(data) > MaxCallbackDataBytes)
            throw new ArgumentException($"The data of button \"{button.Label}\" is longer than {MaxCallbackDataBytes} UTF-8 bytes: \"{data}\".", nameof(button));
        return InlineKeyboardButton.WithCallbackData(button.Label, data);
    }

    private static long ParseChatId(string chatId) =>
        long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException("A Telegram chat id is a number.", nameof(chatId));

    private static string MessageIdText(Message message) => message.Id.ToString(CultureInfo.InvariantCulture);
}
