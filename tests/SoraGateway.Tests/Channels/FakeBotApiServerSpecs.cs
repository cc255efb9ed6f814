using System.Net;
using System.Text.Json.Nodes;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace SoraGateway.Testing.FakeTelegram;

/// <summary>
/// The fake speaks the Bot API as the real Telegram.Bot 22 client expects it: every spec drives a real
/// <see cref="TelegramBotClient"/> over loopback HTTP against <see cref="FakeBotApiServer"/>.
/// </summary>
public sealed class FakeBotApiServerSpecs : IAsyncLifetime, IDisposable
{
    private const long Lan = 1001;
    private const long Minh = 1002;

    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png =
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
        0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
        0x42, 0x60, 0x82,
    ];

    /// <summary>The headers of a 32×16 JPEG (SOI, APP0, SOF0, EOI): all the fake looks at.</summary>
    private static readonly byte[] Jpeg =
    [
        0xFF, 0xD8,
        0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
        0xFF, 0xD9,
    ];

    private readonly HttpClient _http = new();
    private FakeBotApiServer _server = null!;
    private TelegramBotClient _bot = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeBotApiServer.StartAsync();
        _bot = new TelegramBotClient(new TelegramBotClientOptions(_server.Token, _server.BaseUrl.ToString()), _http);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task GetMe_returns_the_test_bot()
    {
        var me = await _bot.GetMe();

        Assert.Equal(123456, me.Id);
        Assert.True(me.IsBot);
        Assert.Equal("sora_test_bot", me.Username);
        Assert.Equal(1, _server.CallCount("getMe"));
    }

    [Fact]
    public async Task GetUpdates_returns_enqueued_text_photo_and_callback_updates()
    {
        var menu = await _bot.SendMessage(Lan, "Chọn gói", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Gói 1", "plan:1")));
        _server.EnqueueText(Lan, "/start ref_42");
        _server.EnqueuePhoto(Lan, Jpeg, caption: "con mèo");
        _server.EnqueueCallback(Lan, menu.Id, "plan:1");

        var updates = await _bot.GetUpdates(allowedUpdates: [UpdateType.Message, UpdateType.CallbackQuery]);

        Assert.Equal([1, 2, 3], updates.Select(u => u.Id));

        var text = updates[0].Message!;
        Assert.Equal(UpdateType.Message, updates[0].Type);
        Assert.Equal("/start ref_42", text.Text);
        Assert.Equal(menu.Id + 1, text.Id); // one message id sequence per chat, shared by user and bot
        Assert.Equal(Lan, text.Chat.Id);
        Assert.Equal(ChatType.Private, text.Chat.Type);
        Assert.Equal(Lan, text.From!.Id);
        Assert.False(text.From.IsBot);
        Assert.Equal("Lan", text.From.FirstName);
        Assert.Equal("vi", text.From.LanguageCode);
        var command = Assert.Single(text.Entities!);
        Assert.Equal(MessageEntityType.BotCommand, command.Type);
        Assert.Equal(0, command.Offset);
        Assert.Equal("/start".Length, command.Length);

        var photo = updates[1].Message!;
        Assert.Equal(MessageType.Photo, photo.Type);
        Assert.Equal("con mèo", photo.Caption);
        var size = Assert.Single(photo.Photo!);
        Assert.False(string.IsNullOrEmpty(size.FileId));
        Assert.False(string.IsNullOrEmpty(size.FileUniqueId));
        Assert.Equal((32, 16), (size.Width, size.Height));
        Assert.Equal(Jpeg.Length, size.FileSize);

        var callback = updates[2].CallbackQuery!;
        Assert.Equal(UpdateType.CallbackQuery, updates[2].Type);
        Assert.Equal("plan:1", callback.Data);
        Assert.False(string.IsNullOrEmpty(callback.Id));
        Assert.Equal(Lan, callback.From.Id);
        Assert.Equal(menu.Id, callback.Message!.Id);
        Assert.Equal(Lan, callback.Message.Chat.Id);
        Assert.Equal("Chọn gói", callback.Message.Text);
        Assert.Equal("plan:1", callback.Message.ReplyMarkup!.InlineKeyboard.Single().Single().CallbackData);
    }

    [Fact]
    public async Task GetUpdates_honours_offset_and_limit()
    {
        _server.EnqueueText(Lan, "một");
        _server.EnqueueText(Lan, "hai");
        _server.EnqueueText(Minh, "ba");

        var first = await _bot.GetUpdates(limit: 1);
        var fromSecond = await _bot.GetUpdates(offset: first.Single().Id + 1);
        var afterAll = await _bot.GetUpdates(offset: fromSecond.Last().Id + 1);
        var again = await _bot.GetUpdates();

        Assert.Equal("một", Assert.Single(first).Message!.Text);
        Assert.Equal(["hai", "ba"], fromSecond.Select(u => u.Message!.Text));
        Assert.Equal(Minh, fromSecond[1].Message!.Chat.Id);
        Assert.Empty(afterAll);
        Assert.Empty(again); // confirmed updates are gone for good
        Assert.Equal(0, _server.PendingUpdateCount);
    }

    [Fact]
    public async Task A_long_poll_waits_and_returns_as_soon_as_an_update_is_enqueued()
    {
        var poll = _bot.GetUpdates(timeout: 60);
        await _server.WaitForLongPollAsync();
        Assert.False(poll.IsCompleted);

        var queued = _server.EnqueueText(Lan, "xin chào");

        // The guard only stops a broken fake from hanging the run; the poll itself may wait 60 s.
        var updates = await poll.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(queued.Id, Assert.Single(updates).Id);
        Assert.Equal("xin chào", updates[0].Message!.Text);
    }

    [Fact]
    public async Task Disposing_the_server_releases_a_pending_long_poll()
    {
        var poll = _bot.GetUpdates(timeout: 60);
        await _server.WaitForLongPollAsync();

        await _server.DisposeAsync();

        Assert.Empty(await poll.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task The_clients_own_polling_loop_receives_and_confirms_updates()
    {
        using var stop = new CancellationTokenSource();
        _bot.StartReceiving(
            async (bot, update, ct) => await bot.SendMessage(update.Message!.Chat, $"Echo: {update.Message.Text}", cancellationToken: ct),
            (_, _, _, _) => Task.CompletedTask,
            new ReceiverOptions { AllowedUpdates = [UpdateType.Message] },
            stop.Token);

        _server.EnqueueText(Lan, "một");
        _server.EnqueueText(Minh, "hai");
        var echoes = await _server.WaitForCountAsync(m => m.Text?.StartsWith("Echo: ", StringComparison.Ordinal) == true, 2);
        await _server.WaitForLongPollAsync();
        await stop.CancelAsync();

        Assert.Equal([(Lan, "Echo: một"), (Minh, "Echo: hai")], echoes.Select(m => (m.ChatId, m.Text)));
        Assert.Equal(0, _server.PendingUpdateCount);
    }

    [Fact]
    public async Task A_second_poller_ends_the_first_with_409_Conflict()
    {
        var first = _bot.GetUpdates(timeout: 60);
        await _server.WaitForLongPollAsync();

        var second = _bot.GetUpdates(timeout: 60);
        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => first.WaitAsync(TimeSpan.FromSeconds(30)));
        _server.EnqueueText(Lan, "còn ai không?");

        Assert.Equal(409, conflict.ErrorCode);
        Assert.Single(await second.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task SendMessage_with_html_and_an_inline_keyboard_is_recorded_with_its_buttons()
    {
        var keyboard = new InlineKeyboardMarkup(
        [
            [InlineKeyboardButton.WithCallbackData("Tạo video", "make:1"), InlineKeyboardButton.WithCallbackData("Hủy", "cancel")],
            [InlineKeyboardButton.WithUrl("Hướng dẫn", "https://example.com/help")],
        ]);

        var message = await _bot.SendMessage(Lan, "<b>Xin chào</b> &lt;Lan&gt;", parseMode: ParseMode.Html, replyMarkup: keyboard);
        var second = await _bot.SendMessage(Lan, "Tin thứ hai");
        var other = await _bot.SendMessage(Minh, "Chat khác");

        Assert.Equal("Xin chào <Lan>", message.Text); // Telegram answers with the rendered text
        Assert.Equal((1, 2, 1), (message.Id, second.Id, other.Id));
        Assert.Equal("make:1", message.ReplyMarkup!.InlineKeyboard.First().First().CallbackData);

        var sent = await _server.WaitForAsync(m => m.Method == "sendMessage" && m.ChatId == Lan);
        Assert.Equal(message.Id, sent.MessageId);
        Assert.Equal("<b>Xin chào</b> &lt;Lan&gt;", sent.Text);
        Assert.Equal("HTML", sent.ParseMode);
        Assert.Equal(2, sent.Keyboard.Count);
        Assert.Equal([new SentButton("Tạo video", "make:1", null), new SentButton("Hủy", "cancel", null)], sent.Keyboard[0]);
        Assert.Equal([new SentButton("Hướng dẫn", null, "https://example.com/help")], sent.Keyboard[1]);
        Assert.Equal(["Chat khác"], _server.SentTo(Minh).Select(m => m.Text));
    }

    [Fact]
    public async Task Telegram_limits_are_enforced()
    {
        var unescaped = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Lan, "Prompt: a <3 b", parseMode: ParseMode.Html));
        var tooLong = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Lan, new string('a', 4097)));
        var bigData = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Lan, "Chọn",
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("X", new string('đ', 33)))));

        Assert.Equal(400, unescaped.ErrorCode);
        Assert.Contains("can't parse entities", unescaped.Message, StringComparison.Ordinal);
        Assert.Equal("Bad Request: message is too long", tooLong.Message);
        Assert.Equal("Bad Request: BUTTON_DATA_INVALID", bigData.Message); // 33 × 2 UTF-8 bytes > 64
        Assert.Empty(_server.Sent);
        Assert.Equal(3, _server.CallCount("sendMessage"));
    }

    [Fact]
    public async Task SendPhoto_with_an_uploaded_png_records_the_exact_bytes()
    {
        await using var png = new MemoryStream(Png);

        var message = await _bot.SendPhoto(Lan, InputFile.FromStream(png, "preview.png"), caption: "Ảnh xem trước",
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Dùng ảnh này", "use:1")));

        var photo = Assert.Single(message.Photo!);
        Assert.Equal((1, 1), (photo.Width, photo.Height));
        Assert.Equal("Ảnh xem trước", message.Caption);
        var sent = await _server.WaitForAsync(m => m.Method == "sendPhoto");
        Assert.Equal(Png, sent.Upload);
        Assert.Equal("preview.png", sent.UploadFileName);
        Assert.Null(sent.FileId);
        Assert.Equal(photo.FileId, sent.ResultFileId);
        Assert.Equal("Ảnh xem trước", sent.Text);
        Assert.Equal("use:1", Assert.Single(sent.Buttons).CallbackData);
        Assert.Equal("attach://0", sent.Arguments["photo"]); // how Telegram.Bot 22 names the uploaded part
    }

    [Fact]
    public async Task SendVideo_by_upload_and_then_by_file_id()
    {
        var video = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
        await using var stream = new MemoryStream(video);

        var uploaded = await _bot.SendVideo(Lan, InputFile.FromStream(stream, "sora.mp4"), caption: "Video của bạn",
            width: 720, height: 1280, duration: 8, supportsStreaming: true);
        var fileId = uploaded.Video!.FileId;
        var resent = await _bot.SendVideo(Minh, InputFile.FromFileId(fileId));

        Assert.Equal((720, 1280, 8), (uploaded.Video.Width, uploaded.Video.Height, uploaded.Video.Duration));
        Assert.Equal(FileIdType.Video, TelegramBotClient.GetFileIdType(fileId));
        Assert.Equal(fileId, resent.Video!.FileId);
        var sends = await _server.WaitForCountAsync(m => m.Method == "sendVideo", 2);
        Assert.Equal(video, sends[0].Upload);
        Assert.Equal("sora.mp4", sends[0].UploadFileName);
        Assert.Null(sends[0].FileId);
        Assert.Equal(fileId, sends[0].ResultFileId);
        Assert.Equal("True", sends[0].Arguments["supports_streaming"]); // multipart fields are .ToString()-ed
        Assert.Equal(Minh, sends[1].ChatId);
        Assert.Null(sends[1].Upload);
        Assert.Equal(fileId, sends[1].FileId);
        Assert.Equal(video, _server.FileContent(fileId));
    }

    [Fact]
    public async Task EditMessageText_is_recorded_and_an_identical_edit_fails_as_not_modified()
    {
        var keyboard = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Làm mới", "refresh"));
        var message = await _bot.SendMessage(Lan, "Đang tạo video… 10%", replyMarkup: keyboard);

        var edited = await _bot.EditMessageText(Lan, message.Id, "Đang tạo video… 50%", replyMarkup: keyboard);
        var identical = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.EditMessageText(Lan, message.Id, "Đang tạo video… 50%", replyMarkup: keyboard));
        var withoutKeyboard = await _bot.EditMessageText(Lan, message.Id, "Đang tạo video… 50%");
        var missing = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.EditMessageText(Lan, 999, "?"));

        Assert.Equal(message.Id, edited.Id);
        Assert.Equal("Đang tạo video… 50%", edited.Text);
        Assert.NotNull(edited.EditDate);
        Assert.Equal(400, identical.ErrorCode);
        Assert.StartsWith("Bad Request: message is not modified", identical.Message, StringComparison.Ordinal);
        Assert.Null(withoutKeyboard.ReplyMarkup); // an edit without reply_markup removes the keyboard
        Assert.Equal("Bad Request: message to edit not found", missing.Message);

        var edits = _server.SentTo(Lan).Where(m => m.Method == "editMessageText").ToList();
        Assert.Equal(2, edits.Count);
        Assert.Equal(message.Id, edits[0].TargetMessageId);
        Assert.Equal(message.Id, edits[0].MessageId);
        Assert.Equal("Đang tạo video… 50%", edits[0].Text);
        Assert.Equal("refresh", Assert.Single(edits[0].Buttons).CallbackData);
        Assert.Empty(edits[1].Keyboard);
        Assert.Equal(4, _server.CallCount("editMessageText"));
    }

    [Fact]
    public async Task Chat_actions_documents_markup_edits_and_deletes_are_recorded()
    {
        await _bot.SendChatAction(Lan, ChatAction.UploadVideo);
        await using var receipt = new MemoryStream("hoá đơn"u8.ToArray());
        var document = await _bot.SendDocument(Lan, InputFile.FromStream(receipt, "receipt.txt"), caption: "Hoá đơn");
        var photo = await _bot.SendPhoto(Lan, InputFile.FromFileId("AgACAgUAAxkBAAIBQ2ZfakeFileId"), caption: "Ảnh",
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Xoá", "delete")));
        await _bot.EditMessageCaption(Lan, photo.Id, "Ảnh (đã sửa)", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Xoá", "delete")));
        await _bot.EditMessageReplyMarkup(Lan, photo.Id);
        var unchanged = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.EditMessageReplyMarkup(Lan, photo.Id));
        await _bot.DeleteMessage(Lan, document.Id);

        Assert.Equal("receipt.txt", document.Document!.FileName);
        Assert.Contains("message is not modified", unchanged.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["sendChatAction", "sendDocument", "sendPhoto", "editMessageCaption", "editMessageReplyMarkup", "deleteMessage"],
            _server.SentTo(Lan).Select(m => m.Method));
        var sent = _server.SentTo(Lan);
        Assert.Equal("upload_video", sent[0].ChatAction);
        Assert.Equal("hoá đơn"u8.ToArray(), sent[1].Upload);
        Assert.Equal("AgACAgUAAxkBAAIBQ2ZfakeFileId", sent[2].FileId);
        Assert.Equal("Ảnh (đã sửa)", sent[3].Text);
        Assert.Empty(sent[4].Keyboard);
        Assert.Equal(document.Id, sent[5].TargetMessageId);
    }

    [Fact]
    public async Task AnswerCallbackQuery_is_recorded_once()
    {
        var menu = await _bot.SendMessage(Lan, "Chọn gói", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Gói 1", "plan:1")));
        var queued = _server.EnqueueCallback(Lan, menu.Id, "plan:1");
        var query = (await _bot.GetUpdates()).Single().CallbackQuery!;

        await _bot.AnswerCallbackQuery(query.Id, "Đã chọn gói 1");
        var twice = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.AnswerCallbackQuery(query.Id));

        Assert.Equal(queued.CallbackQuery!.Id, query.Id);
        var answer = await _server.WaitForAsync(m => m.Method == "answerCallbackQuery");
        Assert.Equal(query.Id, answer.CallbackQueryId);
        Assert.Equal("Đã chọn gói 1", answer.Text);
        Assert.Equal(Lan, answer.ChatId);
        Assert.False(answer.ShowAlert);
        Assert.Equal(400, twice.ErrorCode);
        Assert.Contains("query is too old", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetMyCommands_keeps_one_list_per_language()
    {
        await _bot.SetMyCommands([new BotCommand("start", "Bắt đầu"), new BotCommand("balance", "Xem số dư")], languageCode: "vi");
        await _bot.SetMyCommands([new BotCommand("start", "Start"), new BotCommand("balance", "Check balance")], languageCode: "en");

        Assert.Equal([new RegisteredCommand("start", "Bắt đầu"), new RegisteredCommand("balance", "Xem số dư")], _server.CommandsFor("vi"));
        Assert.Equal([new RegisteredCommand("start", "Start"), new RegisteredCommand("balance", "Check balance")], _server.CommandsFor("en"));
        Assert.Null(_server.CommandsFor());
        var vi = await _bot.GetMyCommands(languageCode: "vi");
        Assert.Equal(["Bắt đầu", "Xem số dư"], vi.Select(c => c.Description));
        Assert.Empty(await _bot.GetMyCommands());
    }

    [Fact]
    public async Task GetFile_and_DownloadFile_return_the_enqueued_photo()
    {
        _server.EnqueuePhoto(Lan, Jpeg, caption: null);
        var photo = (await _bot.GetUpdates()).Single().Message!.Photo!.Last();

        var file = await _bot.GetFile(photo.FileId);
        await using var downloaded = new MemoryStream();
        await _bot.DownloadFile(file, downloaded);
        var unknown = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.GetFile("nope"));

        Assert.Equal(photo.FileId, file.FileId);
        Assert.Equal(Jpeg.Length, file.FileSize);
        Assert.Equal(Jpeg, downloaded.ToArray());
        Assert.Equal(400, unknown.ErrorCode);
    }

    [Fact]
    public async Task A_429_within_the_retry_threshold_is_retried_by_the_client()
    {
        _server.FailNext("sendMessage", 429, retryAfterSeconds: 1);
        _server.FailNext("sendPhoto", 429, retryAfterSeconds: 1);
        await using var png = new MemoryStream(Png);

        // Each call waits retry_after (1 s) inside the client, then sends the same request again.
        var message = _bot.SendMessage(Lan, "Xin chào");
        var photo = _bot.SendPhoto(Minh, InputFile.FromStream(png, "preview.png"));
        await Task.WhenAll(message, photo);

        Assert.Equal("Xin chào", (await message).Text);
        Assert.Single(_server.SentTo(Lan));
        Assert.Equal(2, _server.CallCount("sendMessage"));
        Assert.Equal(Png, Assert.Single(_server.SentTo(Minh)).Upload); // the upload is buffered and sent whole again
        Assert.Equal(2, _server.CallCount("sendPhoto"));
    }

    [Fact]
    public async Task A_429_reaches_the_caller_when_retries_are_off_or_retry_after_is_beyond_the_threshold()
    {
        var options = _server.CreateClientOptions();
        options.RetryThreshold = 0;
        var noRetries = new TelegramBotClient(options, _http);
        _server.FailNext("sendMessage", 429, retryAfterSeconds: 1);
        _server.FailNext("sendPhoto", 429, retryAfterSeconds: 61);

        var turnedOff = await Assert.ThrowsAsync<ApiRequestException>(() => noRetries.SendMessage(Lan, "Xin chào"));
        var beyond = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendPhoto(Lan, InputFile.FromFileId("AgAC-any")));

        Assert.Equal(429, turnedOff.ErrorCode);
        Assert.Equal(1, turnedOff.Parameters?.RetryAfter);
        Assert.Equal("Too Many Requests: retry after 1", turnedOff.Message);
        Assert.Equal(61, beyond.Parameters?.RetryAfter); // default RetryThreshold is 60 s
        Assert.Empty(_server.Sent);
        Assert.Equal(1, _server.CallCount("sendMessage"));
        Assert.Equal(1, _server.CallCount("sendPhoto"));
    }

    [Fact]
    public async Task RetryCount_counts_attempts_not_retries()
    {
        _server.FailNext("sendMessage", 429, retryAfterSeconds: 1, times: 3);

        var exhausted = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Lan, "Xin chào"));

        Assert.Equal(429, exhausted.ErrorCode);
        Assert.Equal(3, _server.CallCount("sendMessage")); // default RetryCount 3 = three attempts in all
        Assert.Empty(_server.Sent);
    }

    [Fact]
    public async Task A_500_is_not_retried()
    {
        _server.FailNext("sendMessage", 500);

        var failed = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Lan, "một"));
        await _bot.SendMessage(Lan, "hai");

        Assert.Equal(500, failed.ErrorCode);
        Assert.Equal("Internal Server Error", failed.Message);
        Assert.Equal(["hai"], _server.Sent.Select(m => m.Text));
        Assert.Equal(2, _server.CallCount("sendMessage"));
    }

    [Fact]
    public async Task A_blocked_chat_answers_403_and_other_chats_still_work()
    {
        _server.BlockChat(Lan);

        var blocked = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendMessage(Lan, "Bạn còn đó không?"));
        var action = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.SendChatAction(Lan, ChatAction.Typing));
        await _bot.SendMessage(Minh, "Chào Minh");

        Assert.Equal(403, blocked.ErrorCode);
        Assert.Equal("Forbidden: bot was blocked by the user", blocked.Message);
        Assert.Equal(403, action.ErrorCode);
        Assert.Empty(_server.SentTo(Lan));
        Assert.Single(_server.SentTo(Minh));
        Assert.Equal(2, _server.CallCount("sendMessage"));
    }

    [Fact]
    public async Task A_wrong_token_answers_401()
    {
        var stranger = new TelegramBotClient(new TelegramBotClientOptions("123456:WRONG-token", _server.BaseUrl.ToString()), _http);

        var unauthorized = await Assert.ThrowsAsync<ApiRequestException>(() => stranger.GetMe());

        Assert.Equal(401, unauthorized.ErrorCode);
        Assert.Equal("Unauthorized", unauthorized.Message);
    }

    [Fact]
    public async Task An_unknown_method_answers_404()
    {
        using var response = await _http.PostAsync(new Uri($"{_server.BaseUrl}bot{_server.Token}/sendTelepathy"), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(body["ok"]!.GetValue<bool>());
        Assert.Equal(404, body["error_code"]!.GetValue<int>());
        Assert.Equal("Not Found", body["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_form_urlencoded_request_is_understood()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["chat_id"] = Lan.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["text"] = "Qua form",
            ["reply_markup"] = """{"inline_keyboard":[[{"text":"OK","callback_data":"ok"}]]}""",
        });

        using var response = await _http.PostAsync(new Uri($"{_server.BaseUrl}bot{_server.Token}/sendMessage"), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sent = Assert.Single(_server.Sent);
        Assert.Equal("Qua form", sent.Text);
        Assert.Equal(new SentButton("OK", "ok", null), Assert.Single(sent.Buttons));
    }

    [Fact]
    public async Task A_webhook_and_polling_exclude_each_other()
    {
        await _bot.SetWebhook("https://sora.example/telegram/webhook", secretToken: "s3cret", dropPendingUpdates: true);
        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => _bot.GetUpdates());
        var info = await _bot.GetWebhookInfo();
        await _bot.DeleteWebhook();

        Assert.Equal(409, conflict.ErrorCode);
        Assert.Equal("https://sora.example/telegram/webhook", info.Url);
        Assert.Null(_server.WebhookUrl);
        Assert.Empty(await _bot.GetUpdates());
    }

    [Fact]
    public async Task GetChat_returns_a_private_chat()
    {
        _server.EnqueueText(Lan, "hi", firstName: "Lan");

        var chat = await _bot.GetChat(Lan);

        Assert.Equal(Lan, chat.Id);
        Assert.Equal(ChatType.Private, chat.Type);
        Assert.Equal("Lan", chat.FirstName);
    }

    [Fact]
    public async Task Latency_on_one_chat_does_not_hold_up_another()
    {
        _server.SetLatency(Lan, TimeSpan.FromSeconds(60));
        using var giveUp = new CancellationTokenSource();

        var slow = _bot.SendMessage(Lan, "chậm", cancellationToken: giveUp.Token);
        await _bot.SendMessage(Minh, "nhanh").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(slow.IsCompleted);
        Assert.Equal(["nhanh"], _server.Sent.Select(m => m.Text));
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
    }

    [Fact]
    public async Task WaitForAsync_completes_on_a_later_message_and_times_out_with_a_dump()
    {
        await _bot.SendMessage(Lan, "một");

        var later = _server.WaitForAsync(m => m.Text == "hai");
        Assert.False(later.IsCompleted);
        await _bot.SendMessage(Lan, "hai");
        var missing = await Assert.ThrowsAsync<TimeoutException>(() => _server.WaitForAsync(m => m.Text == "ba", TimeSpan.FromMilliseconds(200)));

        Assert.Equal(2, (await later).MessageId);
        Assert.Contains("#1 sendMessage chat=1001 message=1 text=\"một\"", missing.Message, StringComparison.Ordinal);
        Assert.Contains("#2 sendMessage chat=1001 message=2 text=\"hai\"", missing.Message, StringComparison.Ordinal);
    }
}
