namespace SoraGateway.Conversations;

/// <summary>Who wrote: the person behind a chat, as the channel knows them.</summary>
public sealed record ChatSender(string ExternalUserId, string DisplayName, string? LanguageCode);

/// <summary>What the person did.</summary>
public enum ChatInputKind
{
    /// <summary>Free text.</summary>
    Text,

    /// <summary>A <c>/command</c>, possibly with an argument (<c>/start ref42</c>).</summary>
    Command,

    /// <summary>A photo, possibly with a caption (image-to-video).</summary>
    Photo,

    /// <summary>A button press (Telegram callback, Zalo numbered choice, emulator number).</summary>
    Button,
}

/// <summary>One input from a chat, whatever the channel; the conversation engine's only input.</summary>
/// <param name="Channel">telegram, zalo, emulator.</param>
/// <param name="ChatId">The channel's chat id, as text.</param>
/// <param name="Sender">The person.</param>
/// <param name="Kind">What they did.</param>
/// <param name="Text">Message text, command line, or photo caption.</param>
/// <param name="Photo">Photo bytes (JPEG/PNG), already downloaded by the channel.</param>
/// <param name="ButtonData">The data of the pressed button.</param>
public sealed record ChatInput(
    string Channel,
    string ChatId,
    ChatSender Sender,
    ChatInputKind Kind,
    string? Text = null,
    byte[]? Photo = null,
    string? ButtonData = null)
{
    /// <summary>For a command: its name without the slash and bot suffix, lower case (<c>start</c>).</summary>
    public string? Command => Kind == ChatInputKind.Command && Text is { } t
        ? t.TrimStart('/').Split(' ', 2)[0].Split('@')[0].ToLowerInvariant()
        : null;

    /// <summary>For a command: the text after its name (<c>/start ref42</c> → <c>ref42</c>).</summary>
    public string? CommandArgument => Kind == ChatInputKind.Command && Text is { } t && t.Trim().Split(' ', 2) is [_, var arg]
        ? arg.Trim()
        : null;

    /// <summary>Classifies a text message: a leading slash makes it a command.</summary>
    public static ChatInputKind KindOfText(string text) =>
        text.TrimStart().StartsWith('/') ? ChatInputKind.Command : ChatInputKind.Text;
}

/// <summary>A button under a reply: either it sends <see cref="Data"/> back, or it opens <see cref="Url"/>.</summary>
public sealed record ChatButton(string Label, string? Data = null, string? Url = null);

/// <summary>Something to show the person; each channel renders it its own way.</summary>
public abstract record Reply
{
    /// <summary>Buttons, row by row (Telegram: inline keyboard; Zalo and emulator: numbered choices).</summary>
    public IReadOnlyList<IReadOnlyList<ChatButton>> Buttons { get; init; } = [];
}

/// <summary>A text message. <see cref="Html"/> uses Telegram's HTML subset; user text inside it is escaped.</summary>
public sealed record TextReply(string Html) : Reply;

/// <summary>A picture (e.g. the VietQR code) with a caption.</summary>
public sealed record PhotoReply(byte[] Image, string CaptionHtml, string FileName) : Reply;

/// <summary>A finished video from our store, or a signed link to it when it cannot be uploaded.</summary>
public sealed record VideoReply(Guid JobId, string FilePath, string CaptionHtml, string? CachedFileId, string? DownloadUrl) : Reply
{
    /// <summary>Label of the link button, in the user's language, when the channel sends the link.</summary>
    public string? DownloadLabel { get; init; }
}

/// <summary>What the engine answers to one input.</summary>
/// <param name="Replies">Messages to send, in order.</param>
/// <param name="CallbackAnswer">For a button press: the short toast to show (null = a silent answer).</param>
public sealed record ChatResponse(IReadOnlyList<Reply> Replies, string? CallbackAnswer = null);

/// <summary>A message a channel delivered: its id there, and a reusable file id for media.</summary>
public sealed record DeliveredMessage(string MessageId, string? FileId = null);

/// <summary>Sends replies into chats of one channel.</summary>
public interface IChatSender
{
    /// <summary>telegram, zalo, emulator.</summary>
    string Channel { get; }

    /// <summary>Sends one reply. Throws <see cref="ChatUnreachableException"/> when the person blocked us.</summary>
    Task<DeliveredMessage> SendAsync(string chatId, Reply reply, CancellationToken ct);

    /// <summary>Replaces the text of a message sent earlier (progress updates); identical text is skipped.</summary>
    Task EditTextAsync(string chatId, string messageId, string html, CancellationToken ct);
}

/// <summary>The person blocked the bot (Telegram 403) or left the channel: stop sending, keep their money.</summary>
public sealed class ChatUnreachableException(string channel, string chatId, Exception? inner = null)
    : Exception($"Chat {channel}:{chatId} is unreachable.", inner)
{
    public string Channel { get; } = channel;
    public string ChatId { get; } = chatId;
}

/// <summary>The channel asked us to slow down; try again after <see cref="RetryAfter"/>.</summary>
public sealed class ChatRateLimitedException(TimeSpan retryAfter, Exception? inner = null)
    : Exception($"Rate limited; retry after {retryAfter.TotalSeconds:F0} s.", inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Turns one chat input into the response to send (the conversation engine, behind its scope).</summary>
public interface IChatInputProcessor
{
    Task<ChatResponse> ProcessAsync(ChatInput input, CancellationToken ct);
}

/// <summary>Remembers chats that blocked us, so that nothing more is sent to them until they write again.</summary>
public interface IChatReachability
{
    Task MarkUnreachableAsync(string channel, string chatId, CancellationToken ct);
}
