using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Conversations;
using SoraGateway.Users;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SoraGateway.Channels.Telegram;

/// <summary>Turns a Telegram <see cref="Update"/> into the engine's <see cref="ChatInput"/>, downloading photos.</summary>
public sealed class TelegramInputMapper(ITelegramBotClient bot, IOptions<TelegramOptions> options, ILogger<TelegramInputMapper> logger)
{
    /// <summary>
    /// A text or command message, a photo (with its caption), or a button press; null for
    /// everything else (stickers, edited messages, channel posts, service messages), which we ignore.
    /// </summary>
    /// <remarks>
    /// A photo none of whose sizes fits <see cref="TelegramOptions.MaxPhotoBytes"/> maps to a photo
    /// input without bytes, so that the engine can tell the person instead of staying silent.
    /// </remarks>
    public async Task<ChatInput?> MapAsync(Update update, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.CallbackQuery is { } callback)
            return MapCallback(callback);
        if (update.Message is not { From: { } from } message)
            return null;

        var chatId = ChatIdText(message.Chat.Id);
        if (message.Photo is { Length: > 0 } sizes)
            return new ChatInput(ChannelNames.Telegram, chatId, SenderOf(from), ChatInputKind.Photo,
                Text: message.Caption, Photo: await DownloadPhotoAsync(sizes, ct));
        if (message.Text is { } text)
            return new ChatInput(ChannelNames.Telegram, chatId, SenderOf(from), ChatInput.KindOfText(text), Text: text);
        return null;
    }

    private static ChatInput? MapCallback(CallbackQuery callback)
    {
        // A press on a message we can no longer see (inline mode) has no chat to answer in.
        if (callback.Message is not { } message || callback.Data is not { } data)
            return null;
        return new ChatInput(ChannelNames.Telegram, ChatIdText(message.Chat.Id), SenderOf(callback.From), ChatInputKind.Button,
            ButtonData: data);
    }

    private async Task<byte[]?> DownloadPhotoAsync(PhotoSize[] sizes, CancellationToken ct)
    {
        var max = options.Value.MaxPhotoBytes;
        // Telegram lists the sizes small to large; take the largest we accept.
        var best = sizes
            .Where(s => s.FileSize is null || s.FileSize <= max)
            .OrderByDescending(s => (long)s.Width * s.Height)
            .ThenByDescending(s => s.FileSize ?? 0)
            .FirstOrDefault();
        if (best is null)
        {
            logger.LogInformation("A photo was larger than Telegram:MaxPhotoBytes ({Max} bytes) in every size", max);
            return null;
        }

        var file = await bot.GetFile(best.FileId, cancellationToken: ct);
        if (file.FileSize > max || file.FilePath is null)
        {
            logger.LogInformation("A photo could not be downloaded (too large or no file path)");
            return null;
        }

        using var content = new MemoryStream(file.FileSize is { } size ? (int)size : 0);
        await bot.DownloadFile(file, content, ct);
        return content.Length > max ? null : content.ToArray();
    }

    private static ChatSender SenderOf(global::Telegram.Bot.Types.User from) => new(
        from.Id.ToString(CultureInfo.InvariantCulture),
        $"{from.FirstName} {from.LastName}".Trim(),
        from.LanguageCode);

    private static string ChatIdText(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);
}
