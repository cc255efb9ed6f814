using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Telegram.Bot;

namespace SoraGateway.Testing.FakeTelegram;

// The fake's memory: chats, messages, files, recorded calls, and the JSON it answers with.
// Methods documented "Caller holds _gate" must run inside lock (_gate).
public sealed partial class FakeBotApiServer
{
    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private void Record(SentMessage message)
    {
        var recorded = message with { Sequence = ++_lastSequence, SentAt = _time.GetUtcNow() };
        _sent.Add(recorded);
        foreach (var waiter in _waiters)
            waiter.Offer(recorded);
        _waiters.RemoveAll(w => w.Done.Task.IsCompleted);
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private string DescribeLocked()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Recorded so far ({_sent.Count}):");
        foreach (var message in _sent)
            text.AppendLine().Append("  ").Append(message);
        var calls = _callCounts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}×{c.Value}");
        text.AppendLine().Append("Calls: ").Append(string.Join(", ", calls));
        return text.ToString();
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private int NextMessageId(long chatId)
    {
        var id = _lastMessageIds.GetValueOrDefault(chatId) + 1;
        _lastMessageIds[chatId] = id;
        return id;
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private StoredMessage StoreUserMessage(long chatId, long? fromId, string firstName, string languageCode, MessageKind kind)
    {
        _chatNames.TryAdd(chatId, firstName);
        var message = new StoredMessage
        {
            ChatId = chatId,
            Id = NextMessageId(chatId),
            Date = UnixNow(),
            Kind = kind,
            From = UserJson(fromId ?? chatId, firstName, languageCode),
        };
        _messages[(chatId, message.Id)] = message;
        return message;
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private StoredMessage StoreBotMessage(long chatId, MessageKind kind, string? raw, string? parseMode, string? rendered,
        JsonObject? markup, IReadOnlyList<IReadOnlyList<SentButton>> keyboard)
    {
        var message = new StoredMessage
        {
            ChatId = chatId,
            Id = NextMessageId(chatId),
            Date = UnixNow(),
            Kind = kind,
            From = null,
            RawText = raw,
            ParseMode = parseMode,
            Rendered = rendered,
            ReplyMarkup = markup,
            Keyboard = keyboard,
        };
        _messages[(chatId, message.Id)] = message;
        return message;
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private JsonObject MessageJson(StoredMessage message)
    {
        var json = new JsonObject
        {
            ["message_id"] = message.Id,
            ["from"] = message.From?.DeepClone() ?? BotUserJson(),
            ["chat"] = ChatJson(message.ChatId),
            ["date"] = message.Date,
        };
        if (message.EditDate is { } edited)
            json["edit_date"] = edited;
        switch (message.Kind)
        {
            case MessageKind.Text:
                json["text"] = message.Rendered ?? "";
                if (message.Entities is not null)
                    json["entities"] = message.Entities.DeepClone();
                break;
            case MessageKind.Photo:
                json["photo"] = message.Media?.DeepClone();
                break;
            case MessageKind.Video:
                json["video"] = message.Media?.DeepClone();
                break;
            case MessageKind.Document:
                json["document"] = message.Media?.DeepClone();
                break;
        }
        if (message.Kind != MessageKind.Text && message.Rendered is not null)
            json["caption"] = message.Rendered;
        if (message.ReplyMarkup is not null)
            json["reply_markup"] = message.ReplyMarkup.DeepClone();
        return json;
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private JsonObject ChatJson(long chatId)
    {
        var chat = new JsonObject { ["id"] = chatId, ["type"] = "private" };
        if (_chatNames.TryGetValue(chatId, out var name))
            chat["first_name"] = name;
        return chat;
    }

    private JsonObject BotUserJson() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = BotFirstName,
        ["username"] = BotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
    };

    private static JsonObject UserJson(long id, string firstName, string languageCode) => new()
    {
        ["id"] = id,
        ["is_bot"] = false,
        ["first_name"] = firstName,
        ["language_code"] = languageCode,
    };

    private long UnixNow() => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private StoredFile NewPhotoFile(byte[] content)
    {
        var (fileId, uniqueId, number) = NewFileIds(FileTypePhoto);
        var (width, height) = ImageSize.Read(content);
        return AddFile(new StoredFile(fileId, uniqueId, $"photos/file_{number}.jpg", content, new JsonObject
        {
            ["file_id"] = fileId,
            ["file_unique_id"] = uniqueId,
            ["width"] = width,
            ["height"] = height,
            ["file_size"] = content.Length,
        }));
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private StoredFile NewVideoFile(byte[] content, string? fileName, BotApiArguments arguments)
    {
        var (fileId, uniqueId, number) = NewFileIds(FileTypeVideo);
        var video = new JsonObject
        {
            ["file_id"] = fileId,
            ["file_unique_id"] = uniqueId,
            ["width"] = arguments.GetInt("width") ?? 0,
            ["height"] = arguments.GetInt("height") ?? 0,
            ["duration"] = arguments.GetInt("duration") ?? 0,
            ["mime_type"] = "video/mp4",
            ["file_size"] = content.Length,
        };
        if (!string.IsNullOrEmpty(fileName))
            video["file_name"] = fileName;
        return AddFile(new StoredFile(fileId, uniqueId, $"videos/file_{number}.mp4", content, video));
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private StoredFile NewDocumentFile(byte[] content, string? fileName)
    {
        var (fileId, uniqueId, number) = NewFileIds(FileTypeDocument);
        var extension = Path.GetExtension(fileName);
        var document = new JsonObject
        {
            ["file_id"] = fileId,
            ["file_unique_id"] = uniqueId,
            ["mime_type"] = "application/octet-stream",
            ["file_size"] = content.Length,
        };
        if (!string.IsNullOrEmpty(fileName))
            document["file_name"] = fileName;
        return AddFile(new StoredFile(fileId, uniqueId, $"documents/file_{number}{extension}", content, document));
    }

    /// <summary>
    /// Media sent by reference: a known <c>file_id</c> is re-sent as is; an unknown one or a URL is
    /// accepted and stored without content (the fake never fetches URLs). Caller holds <see cref="_gate"/>.
    /// </summary>
    private StoredFile ResolveReference(MessageKind kind, string reference, BotApiArguments arguments)
    {
        if (_filesById.TryGetValue(reference, out var known))
            return known;
        var isUrl = reference.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || reference.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        var file = kind switch
        {
            MessageKind.Photo => NewPhotoFile([]),
            MessageKind.Video => NewVideoFile([], null, arguments),
            _ => NewDocumentFile([], null),
        };
        if (isUrl)
            return file;
        // Keep the bot's file_id, so that the answer carries the id it sent.
        _filesById.Remove(file.FileId);
        _filesByPath.Remove(file.FilePath);
        file.Description["file_id"] = reference;
        return AddFile(file with { FileId = reference });
    }

    /// <summary>Caller holds <see cref="_gate"/>.</summary>
    private StoredFile AddFile(StoredFile file)
    {
        _filesById[file.FileId] = file;
        _filesByPath[file.FilePath] = file;
        return file;
    }

    private const byte FileTypePhoto = 2;     // Telegram.Bot's FileIdType.Photo
    private const byte FileTypeVideo = 4;     // FileIdType.Video
    private const byte FileTypeDocument = 5;  // FileIdType.Document

    /// <summary>
    /// Ids shaped like Telegram's: URL-safe base64 whose first byte is the file type, so that
    /// <see cref="TelegramBotClient.GetFileIdType"/> works on them. Caller holds <see cref="_gate"/>.
    /// </summary>
    private (string FileId, string UniqueId, long Number) NewFileIds(byte type)
    {
        var number = ++_lastFileNumber;
        Span<byte> id = stackalloc byte[24];
        id.Clear();
        id[0] = type;
        id[2] = 2;
        BinaryPrimitives.WriteInt64LittleEndian(id[4..], number);
        BinaryPrimitives.WriteInt64LittleEndian(id[12..], BotId);
        "SORA"u8.CopyTo(id[20..]);
        Span<byte> unique = stackalloc byte[12];
        unique.Clear();
        unique[0] = type;
        BinaryPrimitives.WriteInt64LittleEndian(unique[4..], number);
        return (Base64Url(id), Base64Url(unique), number);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // ------------------------------------------------------------------------------------------
    // Nested types
    // ------------------------------------------------------------------------------------------

    private enum MessageKind
    {
        Text,
        Photo,
        Video,
        Document,
    }

    private sealed record PendingUpdate(int Id, JsonObject Json);

    private sealed record StoredFile(string FileId, string FileUniqueId, string FilePath, byte[] Content, JsonObject Description);

    private sealed class CallbackState(long chatId)
    {
        public long ChatId { get; } = chatId;
        public bool Answered { get; set; }
    }

    private sealed class StoredMessage
    {
        public required long ChatId { get; init; }
        public required int Id { get; init; }
        public required long Date { get; init; }
        public required MessageKind Kind { get; init; }
        /// <summary>The user who sent it; null for the bot's own messages.</summary>
        public required JsonObject? From { get; init; }
        public bool FromBot => From is null;
        public string? RawText { get; set; }
        public string? ParseMode { get; set; }
        public string? Rendered { get; set; }
        public JsonArray? Entities { get; set; }
        public JsonNode? Media { get; set; }
        public JsonObject? ReplyMarkup { get; set; }
        public IReadOnlyList<IReadOnlyList<SentButton>> Keyboard { get; set; } = [];
        public long? EditDate { get; set; }
    }

    private sealed class Waiter(Func<SentMessage, bool> predicate, int count)
    {
        private readonly List<SentMessage> _matches = [];

        public TaskCompletionSource<IReadOnlyList<SentMessage>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int MatchCount => _matches.Count;

        public void Offer(SentMessage message)
        {
            if (Done.Task.IsCompleted)
                return;
            try
            {
                if (!predicate(message))
                    return;
            }
            catch (Exception e)
            {
                Done.TrySetException(e);
                return;
            }
            _matches.Add(message);
            if (_matches.Count >= count)
                Done.TrySetResult([.. _matches]);
        }
    }
}
