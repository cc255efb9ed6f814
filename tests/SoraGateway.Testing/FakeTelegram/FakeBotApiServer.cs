using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SoraGateway.Testing.FakeTelegram;

/// <summary>
/// An in-process fake of the Telegram Bot API, served by Kestrel on a random loopback port, for
/// integration tests that drive the real <see cref="TelegramBotClient"/> over real HTTP.
/// </summary>
/// <remarks>
/// <para>
/// Point a client at it with <c>new TelegramBotClient(new TelegramBotClientOptions(server.Token,
/// server.BaseUrl.ToString()), httpClient)</c> (or <see cref="CreateClientOptions"/>). Requests go to
/// <c>{BaseUrl}/bot{token}/{method}</c> as JSON, <c>multipart/form-data</c> or
/// <c>application/x-www-form-urlencoded</c>; files download from <c>{BaseUrl}/file/bot{token}/{file_path}</c>.
/// </para>
/// <para>
/// The user's side is scripted with <see cref="EnqueueText"/>, <see cref="EnqueuePhoto"/> and
/// <see cref="EnqueueCallback"/>; the bot fetches those with <c>getUpdates</c> (long polling included).
/// The bot's side is recorded as <see cref="SentMessage"/>s; tests wait for them with
/// <see cref="WaitForAsync"/>/<see cref="WaitForCountAsync"/> instead of sleeping.
/// </para>
/// <para>
/// Behaves like Telegram where a bot is likely to get it wrong: message ids increase per chat,
/// identical edits fail with "message is not modified", HTML must parse, <c>callback_data</c> is at
/// most 64 bytes, text at most 4096 and captions 1024 characters, a callback query can be answered
/// once, and a chat that blocked the bot answers 403. It is lenient elsewhere: any numeric chat id is a
/// private chat (Telegram would say "chat not found" for users who never started the bot), and media
/// sent by an unknown <c>file_id</c> or URL is accepted and recorded without content.
/// </para>
/// </remarks>
public sealed partial class FakeBotApiServer : IAsyncDisposable
{
    /// <summary>The token <see cref="StartAsync"/> uses unless told otherwise.</summary>
    public const string DefaultToken = "123456:TEST-token";

    /// <summary>The bot's <c>username</c>, as <c>getMe</c> returns it.</summary>
    public const string BotUsername = "sora_test_bot";

    /// <summary>The bot's <c>first_name</c>, as <c>getMe</c> returns it.</summary>
    public const string BotFirstName = "Sora Test Bot";

    /// <summary>How long <see cref="WaitForAsync"/> and <see cref="WaitForCountAsync"/> wait by default.</summary>
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    private const string NotModifiedDescription =
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
    private const string BlockedDescription = "Forbidden: bot was blocked by the user";
    private const string BadCallbackReason = "query is too old and response timeout expired or query ID is invalid";
    private const int MaxTextLength = 4096;
    private const int MaxCaptionLength = 1024;
    private const int MaxCallbackDataBytes = 64;
    private const long MaxPhotoUploadBytes = 10L * 1024 * 1024;
    private const long MaxFileUploadBytes = 50L * 1024 * 1024;

    private static readonly HashSet<string> ChatActions = new(StringComparer.Ordinal)
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    };

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, MethodEntry> _methods = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _callCounts = new(StringComparer.OrdinalIgnoreCase);

    // Everything below is guarded by _gate.
    private readonly List<PendingUpdate> _updates = [];
    private readonly List<SentMessage> _sent = [];
    private readonly List<Waiter> _waiters = [];
    private readonly Dictionary<(long Chat, int Id), StoredMessage> _messages = [];
    private readonly Dictionary<long, int> _lastMessageIds = [];
    private readonly Dictionary<long, string> _chatNames = [];
    private readonly Dictionary<string, StoredFile> _filesById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredFile> _filesByPath = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallbackState> _callbacks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<ApiResult>> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<long> _blocked = [];
    private readonly Dictionary<long, TimeSpan> _latencies = [];
    private readonly Dictionary<string, IReadOnlyList<RegisteredCommand>> _commands = new(StringComparer.Ordinal);
    private TaskCompletionSource _updateArrived = NewSignal();
    private TaskCompletionSource? _currentPoll;
    private TaskCompletionSource _pollParked = NewSignal();
    private int _parkedPolls;
    private int _lastUpdateId;
    private long _lastSequence;
    private long _lastFileNumber;
    private long _lastCallbackNumber;
    private string? _webhookUrl;
    private string? _webhookSecretToken;

    private WebApplication? _app;
    private int _disposed;

    private FakeBotApiServer(string token, long botId, TimeProvider time)
    {
        Token = token;
        BotId = botId;
        _time = time;

        Register("getMe", _ => ApiResult.Ok(BotUserJson()));
        Register("getUpdates", GetUpdatesAsync);
        Register("setWebhook", SetWebhook);
        Register("deleteWebhook", DeleteWebhook);
        Register("getWebhookInfo", GetWebhookInfo);
        Register("sendMessage", SendMessage);
        Register("sendPhoto", a => SendMedia(a, "sendPhoto", MessageKind.Photo));
        Register("sendVideo", a => SendMedia(a, "sendVideo", MessageKind.Video));
        Register("sendDocument", a => SendMedia(a, "sendDocument", MessageKind.Document));
        Register("sendChatAction", SendChatAction);
        Register("editMessageText", a => EditMessage(a, "editMessageText"));
        Register("editMessageCaption", a => EditMessage(a, "editMessageCaption"));
        Register("editMessageReplyMarkup", a => EditMessage(a, "editMessageReplyMarkup"));
        Register("deleteMessage", DeleteMessage);
        Register("answerCallbackQuery", AnswerCallbackQuery);
        Register("setMyCommands", SetMyCommands);
        Register("getMyCommands", GetMyCommands);
        Register("deleteMyCommands", DeleteMyCommands);
        Register("getFile", GetFile);
        Register("getChat", GetChat);
    }

    /// <summary>The root URL of the fake, e.g. <c>http://127.0.0.1:41234/</c>; pass it as the client's base URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The only token the fake accepts; any other answers 401 Unauthorized.</summary>
    public string Token { get; }

    /// <summary>The bot's user id (the digits before the colon of <see cref="Token"/>; 123456 by default).</summary>
    public long BotId { get; }

    /// <summary>
    /// Starts a fake on <c>http://127.0.0.1:0</c> (a free port).
    /// </summary>
    /// <param name="token">The bot token; must look like <c>&lt;digits&gt;:&lt;text&gt;</c>.</param>
    /// <param name="timeProvider">The clock for message <c>date</c>s and <see cref="SentMessage.SentAt"/>;
    /// the system clock by default. Long-poll timeouts and latency always use real time.</param>
    public static async Task<FakeBotApiServer> StartAsync(string token = DefaultToken, TimeProvider? timeProvider = null)
    {
        var botId = new TelegramBotClientOptions(token).BotId;
        var server = new FakeBotApiServer(token, botId, timeProvider ?? TimeProvider.System);

        // The empty builder reads no appsettings.json or environment, so nothing from the test
        // host's configuration can move the port or add logging.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();

        server._app = app;
        server.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Options for a real client pointed at this fake (Telegram.Bot's default retry settings).</summary>
    public TelegramBotClientOptions CreateClientOptions() => new(Token, BaseUrl.ToString());

    // ------------------------------------------------------------------------------------------
    // The user's side
    // ------------------------------------------------------------------------------------------

    /// <summary>
    /// Queues a text message from a user in a private chat (chat id == user id unless
    /// <paramref name="fromId"/> says otherwise). Text starting with <c>/</c> gets a <c>bot_command</c>
    /// entity at offset 0, as Telegram sends it.
    /// </summary>
    /// <returns>The update, as the client will parse it; <c>update.Id</c> increases from 1.</returns>
    public Update EnqueueText(long chatId, string text, long? fromId = null, string firstName = "Lan", string languageCode = "vi")
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            var message = StoreUserMessage(chatId, fromId, firstName, languageCode, MessageKind.Text);
            message.RawText = text;
            message.Rendered = text;
            var command = text.StartsWith('/') ? text.TakeWhile(c => !char.IsWhiteSpace(c)).Count() : 0;
            if (command > 1)
                message.Entities = [new JsonObject { ["offset"] = 0, ["length"] = command, ["type"] = "bot_command" }];
            return QueueUpdate("message", MessageJson(message));
        }
    }

    /// <summary>
    /// Queues a photo from a user. The bytes are stored so that <c>getFile</c> and the file download
    /// return them; the update carries one <c>PhotoSize</c> (dimensions read from a JPEG or PNG header).
    /// </summary>
    public Update EnqueuePhoto(long chatId, byte[] jpeg, string? caption = null, long? fromId = null, string firstName = "Lan", string languageCode = "vi")
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        lock (_gate)
        {
            var file = NewPhotoFile(jpeg);
            var message = StoreUserMessage(chatId, fromId, firstName, languageCode, MessageKind.Photo);
            message.Media = new JsonArray(file.Description.DeepClone());
            message.RawText = caption;
            message.Rendered = caption;
            return QueueUpdate("message", MessageJson(message));
        }
    }

    /// <summary>
    /// Queues a press on an inline button of message <paramref name="messageId"/> in a private chat.
    /// The callback query carries a fresh id (answer it once), <c>from</c>, <c>chat_instance</c>,
    /// <paramref name="data"/> and the message (with its text and keyboard when the bot sent it through this fake).
    /// </summary>
    /// <remarks>
    /// For a message the bot did not send through this fake, the query carries a bare message (id, chat,
    /// date), and editing that message fails with "message to edit not found", as it would on Telegram.
    /// </remarks>
    public Update EnqueueCallback(long chatId, int messageId, string data, long? fromId = null, string firstName = "Lan", string languageCode = "vi")
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_gate)
        {
            _chatNames.TryAdd(chatId, firstName);
            var id = (4_200_000_000_000_000_000L + ++_lastCallbackNumber).ToString(CultureInfo.InvariantCulture);
            _callbacks[id] = new CallbackState(chatId);
            var message = _messages.TryGetValue((chatId, messageId), out var stored)
                ? MessageJson(stored)
                : new JsonObject
                {
                    ["message_id"] = messageId,
                    ["from"] = BotUserJson(),
                    ["chat"] = ChatJson(chatId),
                    ["date"] = UnixNow(),
                };
            var query = new JsonObject
            {
                ["id"] = id,
                ["from"] = UserJson(fromId ?? chatId, firstName, languageCode),
                ["message"] = message,
                ["chat_instance"] = (-chatId * 7919).ToString(CultureInfo.InvariantCulture),
                ["data"] = data,
            };
            return QueueUpdate("callback_query", query);
        }
    }

    /// <summary>Updates queued and not yet confirmed by a <c>getUpdates</c> offset.</summary>
    public int PendingUpdateCount
    {
        get { lock (_gate) return _updates.Count; }
    }

    // ------------------------------------------------------------------------------------------
    // Behaviour switches
    // ------------------------------------------------------------------------------------------

    /// <summary>
    /// Makes the next <paramref name="times"/> calls of <paramref name="method"/> fail with
    /// <paramref name="errorCode"/> (HTTP status and <c>error_code</c>), e.g. 429 with
    /// <c>parameters.retry_after</c>, or 500. The description defaults to Telegram's wording
    /// ("Too Many Requests: retry after 3", "Internal Server Error", ...).
    /// </summary>
    public void FailNext(string method, int errorCode, int? retryAfterSeconds = null, string? description = null, int times = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentOutOfRangeException.ThrowIfLessThan(errorCode, 300);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        description ??= errorCode switch
        {
            429 => $"Too Many Requests: retry after {(retryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture)}",
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            409 => "Conflict",
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            _ => "Error",
        };
        var failure = ApiResult.Error(errorCode, description, retryAfterSeconds);
        lock (_gate)
        {
            if (!_failures.TryGetValue(method, out var queue))
                _failures[method] = queue = new Queue<ApiResult>();
            for (var i = 0; i < times; i++)
                queue.Enqueue(failure);
        }
    }

    /// <summary>From now on, every call targeting <paramref name="chatId"/> answers 403 "Forbidden: bot was blocked by the user".</summary>
    public void BlockChat(long chatId)
    {
        lock (_gate) _blocked.Add(chatId);
    }

    /// <summary>Undoes <see cref="BlockChat"/> (the user restarted the bot).</summary>
    public void UnblockChat(long chatId)
    {
        lock (_gate) _blocked.Remove(chatId);
    }

    /// <summary>
    /// Opt-in artificial latency: every call targeting <paramref name="chatId"/> is answered
    /// <paramref name="delay"/> later (a slow network, for tests of parallelism). <see cref="TimeSpan.Zero"/> removes it.
    /// </summary>
    public void SetLatency(long chatId, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_gate)
        {
            if (delay == TimeSpan.Zero)
                _latencies.Remove(chatId);
            else
                _latencies[chatId] = delay;
        }
    }

    // ------------------------------------------------------------------------------------------
    // What the bot did
    // ------------------------------------------------------------------------------------------

    /// <summary>How many times <paramref name="method"/> was called (any letter case), failed calls included.</summary>
    public int CallCount(string method) => _callCounts.TryGetValue(method, out var count) ? count : 0;

    /// <summary>A snapshot of everything recorded, in order.</summary>
    public IReadOnlyList<SentMessage> Sent
    {
        get { lock (_gate) return [.. _sent]; }
    }

    /// <summary>A snapshot of what was recorded for one chat, in order.</summary>
    public IReadOnlyList<SentMessage> SentTo(long chatId)
    {
        lock (_gate) return [.. _sent.Where(m => m.ChatId == chatId)];
    }

    /// <summary>The commands last set with <c>setMyCommands</c> for a scope and language, or null if never set.</summary>
    /// <param name="languageCode">The <c>language_code</c>; empty for the commands without one.</param>
    /// <param name="scope">The scope <c>type</c> (<c>default</c>, <c>all_private_chats</c>, ...); for chat scopes
    /// append the ids: <c>chat:42</c>, <c>chat_member:42:7</c>.</param>
    public IReadOnlyList<RegisteredCommand>? CommandsFor(string languageCode = "", string scope = "default")
    {
        lock (_gate) return _commands.TryGetValue(CommandsKey(scope, languageCode), out var commands) ? commands : null;
    }

    /// <summary>The URL set with <c>setWebhook</c>, or null when none is set.</summary>
    public string? WebhookUrl
    {
        get { lock (_gate) return _webhookUrl; }
    }

    /// <summary>The <c>secret_token</c> set with <c>setWebhook</c>, or null.</summary>
    public string? WebhookSecretToken
    {
        get { lock (_gate) return _webhookSecretToken; }
    }

    /// <summary>The content of a file the fake knows (uploaded by the bot or enqueued as a user's photo), or null.</summary>
    public byte[]? FileContent(string fileId)
    {
        lock (_gate) return _filesById.TryGetValue(fileId, out var file) ? file.Content : null;
    }

    /// <summary>
    /// Completes when a message matching <paramref name="predicate"/> is (or already was) recorded, with the first such message.
    /// </summary>
    /// <exception cref="TimeoutException">After <paramref name="timeout"/> (10 s by default), listing what was recorded.</exception>
    public async Task<SentMessage> WaitForAsync(Func<SentMessage, bool> predicate, TimeSpan? timeout = null) =>
        (await WaitForCountAsync(predicate, 1, timeout))[0];

    /// <summary>
    /// Completes when <paramref name="count"/> messages matching <paramref name="predicate"/> have been
    /// recorded (including those recorded before the call), with the first <paramref name="count"/> of them in order.
    /// </summary>
    /// <exception cref="TimeoutException">After <paramref name="timeout"/> (10 s by default), listing what was recorded.</exception>
    public async Task<IReadOnlyList<SentMessage>> WaitForCountAsync(Func<SentMessage, bool> predicate, int count, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var limit = timeout ?? DefaultWaitTimeout;
        var waiter = new Waiter(predicate, count);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            foreach (var message in _sent)
                waiter.Offer(message);
            if (!waiter.Done.Task.IsCompleted)
                _waiters.Add(waiter);
        }

        try
        {
            return await waiter.Done.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
                throw new TimeoutException(
                    $"Waited {limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s for {count} matching message(s); {waiter.MatchCount} matched.{Environment.NewLine}{DescribeLocked()}");
            }
        }
    }

    /// <summary>
    /// Completes when a <c>getUpdates</c> long poll is parked with nothing left to deliver (immediately if
    /// one already is): the bot has fetched and confirmed everything queued and is waiting for more.
    /// Telegram.Bot's polling loop confirms an update before its handler runs, so this does not mean
    /// that the handlers have finished: wait for what they send with <see cref="WaitForAsync"/>.
    /// </summary>
    /// <exception cref="TimeoutException">After <paramref name="timeout"/> (10 s by default).</exception>
    public async Task WaitForLongPollAsync(TimeSpan? timeout = null)
    {
        Task parked;
        lock (_gate)
        {
            if (_parkedPolls > 0 && _updates.Count == 0)
                return;
            parked = _pollParked.Task;
        }
        await parked.WaitAsync(timeout ?? DefaultWaitTimeout);
    }

    /// <summary>Stops Kestrel; a pending long poll is answered with no updates first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            try
            {
                await _app.StopAsync();
            }
            finally
            {
                await _app.DisposeAsync();
            }
        }
        lock (_gate)
        {
            foreach (var waiter in _waiters)
                waiter.Done.TrySetException(new ObjectDisposedException(nameof(FakeBotApiServer), "The fake Bot API server was stopped."));
            _waiters.Clear();
        }
        _stopping.Dispose();
    }
}
