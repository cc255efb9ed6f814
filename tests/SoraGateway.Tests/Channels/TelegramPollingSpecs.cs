using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Channels;
using SoraGateway.Channels.Telegram;
using SoraGateway.Conversations;
using SoraGateway.Localization;
using SoraGateway.Testing.FakeTelegram;
using Telegram.Bot;

namespace SoraGateway.Tests.Channels;

/// <summary>Polling mode end to end: the real client and host against the fake Bot API, a stub engine.</summary>
public sealed class TelegramPollingSpecs : IAsyncLifetime
{
    private const long Lan = 1001;
    private TelegramTestHost _bot = null!;

    private FakeBotApiServer Server => _bot.Server;
    private StubChatProcessor Engine => _bot.Processor;

    public async Task InitializeAsync() => _bot = await TelegramTestHost.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task A_text_message_reaches_the_engine_as_text_from_its_sender()
    {
        Server.EnqueueText(Lan, "con mèo đi dạo", firstName: "Lan", languageCode: "vi");

        var input = (await Engine.WaitForInputsAsync(1)).Single();

        Assert.Equal(new ChatInput("telegram", "1001", new ChatSender("1001", "Lan", "vi"), ChatInputKind.Text, Text: "con mèo đi dạo"), input);
        var reply = await Server.WaitForAsync(m => m.Method == "sendMessage");
        Assert.Equal((Lan, "echo: con mèo đi dạo", "HTML"), (reply.ChatId, reply.Text, reply.ParseMode));
    }

    [Fact]
    public async Task A_slash_message_reaches_the_engine_as_a_command_with_its_argument()
    {
        Server.EnqueueText(Lan, "/start ref42");

        var input = (await Engine.WaitForInputsAsync(1)).Single();

        Assert.Equal(ChatInputKind.Command, input.Kind);
        Assert.Equal(("start", "ref42"), (input.Command, input.CommandArgument));
    }

    [Fact]
    public async Task A_photo_reaches_the_engine_with_its_bytes_and_caption()
    {
        Server.EnqueuePhoto(Lan, TestImages.Jpeg, caption: "cho con mèo bay");

        var input = (await Engine.WaitForInputsAsync(1)).Single();

        Assert.Equal(ChatInputKind.Photo, input.Kind);
        Assert.Equal("cho con mèo bay", input.Text);
        Assert.Equal(TestImages.Jpeg, input.Photo);
    }

    [Fact]
    public async Task A_button_press_reaches_the_engine_and_is_answered_with_the_toast_before_the_replies()
    {
        Engine.Respond = input => input.Kind == ChatInputKind.Button
            ? new ChatResponse([new TextReply("Bạn đã chọn <b>gói 1</b>")], CallbackAnswer: "Đã chọn")
            : new ChatResponse([new TextReply("Chọn gói") { Buttons = [[new ChatButton("Gói 1", Data: "plan:1")]] }]);
        Server.EnqueueText(Lan, "/buy");
        var menu = await Server.WaitForAsync(m => m.Method == "sendMessage");

        Server.EnqueueCallback(Lan, menu.MessageId, "plan:1", fromId: 7, firstName: "Minh", languageCode: "en");
        var press = (await Engine.WaitForInputsAsync(1, i => i.Kind == ChatInputKind.Button)).Single();
        var answer = await Server.WaitForAsync(m => m.Method == "answerCallbackQuery");
        var reply = await Server.WaitForAsync(m => m.Method == "sendMessage" && m.Text!.Contains("gói 1", StringComparison.Ordinal));

        Assert.Equal(("1001", "plan:1", new ChatSender("7", "Minh", "en")), (press.ChatId, press.ButtonData, press.Sender));
        Assert.Equal("Đã chọn", answer.Text);
        Assert.True(answer.Sequence < reply.Sequence, "the callback is answered before the replies are sent");
    }

    [Fact]
    public async Task A_button_press_is_answered_even_when_the_engine_fails_and_the_chat_goes_on()
    {
        Engine.Respond = input => input.ButtonData == "boom" ? throw new InvalidOperationException("engine bug") : StubChatProcessor.Echo(input);

        Server.EnqueueCallback(Lan, 1, "boom");
        Server.EnqueueText(Lan, "vẫn còn đây");

        var answer = await Server.WaitForAsync(m => m.Method == "answerCallbackQuery");
        Assert.Null(answer.Text);
        var next = await Server.WaitForAsync(m => m.Method == "sendMessage");
        Assert.Equal("echo: vẫn còn đây", next.Text);
        Assert.Equal(1, Server.CallCount("answerCallbackQuery"));
    }

    [Fact]
    public async Task Replies_are_rendered_in_html_with_their_inline_keyboard_row_by_row()
    {
        Engine.Respond = _ => new ChatResponse([
            new TextReply("<b>Gói Starter</b>: 50 credit") { Buttons =
            [
                [new ChatButton("Mua", Data: "buy:STARTER"), new ChatButton("Hủy", Data: "cancel")],
                [new ChatButton("Hướng dẫn", Url: "https://example.com/help")],
            ] },
            new PhotoReply(TestImages.Png, "Quét mã <i>VietQR</i>", "vietqr.png"),
        ]);

        Server.EnqueueText(Lan, "/buy");

        var text = await Server.WaitForAsync(m => m.Method == "sendMessage");
        var photo = await Server.WaitForAsync(m => m.Method == "sendPhoto");
        Assert.Equal(("<b>Gói Starter</b>: 50 credit", "HTML"), (text.Text, text.ParseMode));
        Assert.Equal(
            [
                [new SentButton("Mua", "buy:STARTER", null), new SentButton("Hủy", "cancel", null)],
                [new SentButton("Hướng dẫn", null, "https://example.com/help")],
            ],
            text.Keyboard.Select(row => row.ToArray()).ToArray());
        Assert.Equal(TestImages.Png, photo.Upload);
        Assert.Equal(("vietqr.png", "Quét mã <i>VietQR</i>", "HTML"), (photo.UploadFileName, photo.Text, photo.ParseMode));
        Assert.True(text.Sequence < photo.Sequence, "replies are sent in order");
    }

    [Fact]
    public async Task The_command_menu_is_registered_in_vietnamese_by_default_and_for_vi_and_en()
    {
        await Server.WaitForLongPollAsync();

        var vietnamese = BotCommandTexts.All.Select(c => new RegisteredCommand(c.Command, c.Vi)).ToList();
        var english = BotCommandTexts.All.Select(c => new RegisteredCommand(c.Command, c.En)).ToList();
        Assert.Equal(vietnamese, Server.CommandsFor(""));
        Assert.Equal(vietnamese, Server.CommandsFor("vi"));
        Assert.Equal(english, Server.CommandsFor("en"));
    }

    [Fact]
    public async Task Twenty_messages_from_one_chat_are_processed_one_at_a_time_in_the_order_sent()
    {
        var texts = Enumerable.Range(1, 20).Select(i => $"tin {i}").ToList();
        foreach (var text in texts)
            Server.EnqueueText(Lan, text);

        var inputs = await Engine.WaitForInputsAsync(20);
        var replies = await Server.WaitForCountAsync(m => m.Method == "sendMessage", 20);

        Assert.Equal(texts, inputs.Select(i => i.Text));
        Assert.Equal(texts.Select(t => "echo: " + t), replies.Select(r => r.Text));
        Assert.Equal(0, Engine.Overlaps);
    }

    [Fact]
    public async Task A_chat_held_up_by_a_slow_engine_does_not_delay_the_other_49()
    {
        Engine.Close(TelegramTestHost.Id(1));
        for (long chat = 1; chat <= 50; chat++)
            Server.EnqueueText(chat, $"xin chào từ {chat}");

        var others = await Server.WaitForCountAsync(m => m.Method == "sendMessage", 49);

        Assert.DoesNotContain(others, m => m.ChatId == 1);
        await Engine.WaitForInputsAsync(1, i => i.ChatId == "1");
        Assert.Empty(Server.SentTo(1));
        Engine.Open(TelegramTestHost.Id(1));
        var first = await Server.WaitForAsync(m => m.Method == "sendMessage" && m.ChatId == 1);
        Assert.Equal("echo: xin chào từ 1", first.Text);
        Assert.Single(Engine.InputsOf("1"));
    }

    [Fact]
    public async Task Polling_recovers_after_a_conflict_and_delivers_what_was_waiting()
    {
        await Server.WaitForLongPollAsync();
        Server.FailNext("getUpdates", 409);
        Server.EnqueueText(Lan, "một");

        // The parked poll returns the update; the next poll meets the 409 and backs off for a second.
        await Server.WaitForAsync(m => m.Method == "sendMessage" && m.Text == "echo: một");
        Server.EnqueueText(Lan, "hai");

        await Server.WaitForAsync(m => m.Method == "sendMessage" && m.Text == "echo: hai");
        Assert.True(Server.CallCount("getUpdates") >= 3);
    }

    [Fact]
    public async Task Stopping_the_host_lets_the_running_update_finish()
    {
        Engine.Close("1001");
        Server.EnqueueText(Lan, "đang làm");
        await Engine.WaitForInputsAsync(1);

        var stopping = _bot.Host.StopAsync();
        Engine.Open("1001");
        await stopping;

        // Already sent when the stop completes: the stop waited for it.
        Assert.Equal("echo: đang làm", Assert.Single(Server.SentTo(Lan)).Text);
        Assert.Equal(0, _bot.Get<ChatDispatcher>().ActiveChatCount);
    }
}

/// <summary>Polling takes over from a webhook left behind by webhook mode.</summary>
public sealed class TelegramPollingStartSpecs
{
    [Fact]
    public async Task Polling_removes_a_leftover_webhook_and_then_receives_updates()
    {
        await using var server = await FakeBotApiServer.StartAsync();
        using (var http = new HttpClient())
            await new TelegramBotClient(server.CreateClientOptions(), http).SetWebhook("https://old.example.com/webhooks/telegram");
        server.EnqueueText(1001, "còn đó không?");

        var processor = new StubChatProcessor();
        var host = TelegramTestHost.Build(TelegramTestHost.SettingsFor(server), (services, configuration) =>
        {
            services.AddTelegramChannel(configuration).AddTelegramPolling();
            services.AddSingleton<IChatInputProcessor>(processor);
        });
        await host.StartAsync();
        try
        {
            await server.WaitForAsync(m => m.Method == "sendMessage" && m.Text == "echo: còn đó không?");
            Assert.Null(server.WebhookUrl);
        }
        finally
        {
            await host.StopAsync();
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }
}
