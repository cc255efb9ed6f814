using System.Globalization;
using System.Text;

namespace SoraGateway.Testing.FakeTelegram;

/// <summary>One inline keyboard button as the bot sent it.</summary>
/// <param name="Text">The label.</param>
/// <param name="CallbackData">The <c>callback_data</c>, for callback buttons.</param>
/// <param name="Url">The <c>url</c>, for link buttons.</param>
public sealed record SentButton(string Text, string? CallbackData, string? Url);

/// <summary>A bot command registered with <c>setMyCommands</c>.</summary>
/// <param name="Command">The command without the slash, e.g. <c>start</c>.</param>
/// <param name="Description">The description shown in the menu.</param>
public sealed record RegisteredCommand(string Command, string Description);

/// <summary>
/// One successful call the bot made towards a chat (<c>sendMessage</c>, <c>sendPhoto</c>,
/// <c>sendVideo</c>, <c>sendDocument</c>, <c>sendChatAction</c>, <c>editMessageText</c>,
/// <c>editMessageCaption</c>, <c>editMessageReplyMarkup</c>, <c>deleteMessage</c>,
/// <c>answerCallbackQuery</c>), as <see cref="FakeBotApiServer"/> recorded it. Calls that the fake
/// answered with an error (injected failures, blocked chats, "message is not modified", ...) are
/// counted by <see cref="FakeBotApiServer.CallCount"/> but not recorded here.
/// </summary>
public sealed record SentMessage
{
    /// <summary>Position among everything the fake recorded, from 1, in the order the calls completed.</summary>
    public required long Sequence { get; init; }

    /// <summary>The Bot API method, spelled as Telegram documents it (e.g. <c>sendMessage</c>).</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The target chat. For <c>answerCallbackQuery</c>, the chat of the message whose button was pressed.
    /// </summary>
    public required long ChatId { get; init; }

    /// <summary>
    /// For sends, the id the fake assigned to the new message (increasing per chat, shared with the
    /// user's messages in that chat). For edits and deletes, the target message id. 0 for chat actions
    /// and callback answers.
    /// </summary>
    public required int MessageId { get; init; }

    /// <summary>For edits and <c>deleteMessage</c>: the message the bot targeted; otherwise null.</summary>
    public int? TargetMessageId { get; init; }

    /// <summary>The text (messages), caption (media) or notification text (callback answers), exactly as sent, markup included.</summary>
    public string? Text { get; init; }

    /// <summary>
    /// The parse mode, normalised to Telegram's spelling (<c>HTML</c>, <c>MarkdownV2</c>, <c>Markdown</c>);
    /// the raw value is in <see cref="Arguments"/> (Telegram.Bot 22 sends <c>"Html"</c>).
    /// </summary>
    public string? ParseMode { get; init; }

    /// <summary>The inline keyboard (rows of buttons); empty when the call carried none.</summary>
    public IReadOnlyList<IReadOnlyList<SentButton>> Keyboard { get; init; } = [];

    /// <summary>The uploaded photo/video/document bytes, when the file was uploaded in this call.</summary>
    public byte[]? Upload { get; init; }

    /// <summary>The file name of <see cref="Upload"/> as the client sent it.</summary>
    public string? UploadFileName { get; init; }

    /// <summary>The <c>file_id</c> (or URL) the bot passed, when it sent media by reference instead of uploading.</summary>
    public string? FileId { get; init; }

    /// <summary>The <c>file_id</c> of the media in the message the fake answered with (newly assigned for uploads).</summary>
    public string? ResultFileId { get; init; }

    /// <summary>For <c>sendChatAction</c>: the action, e.g. <c>typing</c> or <c>upload_video</c>.</summary>
    public string? ChatAction { get; init; }

    /// <summary>For <c>answerCallbackQuery</c>: the callback query id that was answered.</summary>
    public string? CallbackQueryId { get; init; }

    /// <summary>For <c>answerCallbackQuery</c>: whether the answer is an alert rather than a toast.</summary>
    public bool ShowAlert { get; init; }

    /// <summary>When the fake recorded the call, by the server's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset SentAt { get; init; }

    /// <summary>Every request field as received (JSON values other than strings as raw JSON text).</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>();

    /// <summary>All buttons of <see cref="Keyboard"/>, row by row.</summary>
    public IEnumerable<SentButton> Buttons => Keyboard.SelectMany(row => row);

    /// <summary>A one-line summary, used in the dump of a failed wait.</summary>
    public override string ToString()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"#{Sequence} {Method} chat={ChatId} message={MessageId}");
        if (ParseMode is not null)
            line.Append(CultureInfo.InvariantCulture, $" parse_mode={ParseMode}");
        if (Text is not null)
            line.Append(CultureInfo.InvariantCulture, $" text=\"{Text}\"");
        if (ChatAction is not null)
            line.Append(CultureInfo.InvariantCulture, $" action={ChatAction}");
        if (CallbackQueryId is not null)
            line.Append(CultureInfo.InvariantCulture, $" callback_query_id={CallbackQueryId}");
        if (Upload is not null)
            line.Append(CultureInfo.InvariantCulture, $" upload={UploadFileName} ({Upload.Length} bytes)");
        if (FileId is not null)
            line.Append(CultureInfo.InvariantCulture, $" file_id={FileId}");
        if (Keyboard.Count > 0)
        {
            var rows = Keyboard.Select(row => string.Join(" | ", row.Select(b => $"{b.Text} -> {b.CallbackData ?? b.Url}")));
            line.Append(" keyboard=[").Append(string.Join(" / ", rows)).Append(']');
        }
        return line.ToString();
    }
}
