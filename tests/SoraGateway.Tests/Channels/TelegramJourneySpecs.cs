using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SoraGateway.Bot;
using SoraGateway.Ledger;
using SoraGateway.Payments.VietQr;
using SoraGateway.Persistence;
using SoraGateway.Testing.FakeTelegram;
using SoraGateway.Testing;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Tests.Payments.VietQr;
using SoraGateway.Users;
using SoraGateway.Videos.Jobs;

namespace SoraGateway.Tests.Channels;

public sealed class TelegramJourneySpecs_Sqlite() : TelegramJourneySpecs(DatabaseProvider.Sqlite);

public sealed class TelegramJourneySpecs_Postgres() : TelegramJourneySpecs(DatabaseProvider.Postgres);

/// <summary>
/// Whole journeys through the real Bot host (real Telegram.Bot client, long polling against the
/// fake Bot API server), the real WebhookHost for Casso, the real engine, ledger, job runner and
/// the Simulator.
/// </summary>
public abstract class TelegramJourneySpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private const long Chat = 424242;
    private readonly string _media = Path.Combine(Path.GetTempPath(), "sora-journey-" + Guid.NewGuid().ToString("N"));
    private FakeBotApiServer? _telegram;
    private IHost? _bot;

    private FakeBotApiServer Telegram => _telegram!;

    private Dictionary<string, string?> BotSettings => new(Database.Settings)
    {
        ["Telegram:BotToken"] = Telegram.Token,
        ["Telegram:ApiBaseUrl"] = Telegram.BaseUrl.ToString(),
        ["Telegram:PollingTimeoutSeconds"] = "5",
        ["Storage:VideoPath"] = _media,
        ["Simulator:Delay"] = "00:00:01",
        ["Outbox:PollInterval"] = "00:00:00.050",
        ["Video:Jobs:PollInterval"] = "00:00:00.050",
        ["Payments:Bank"] = "970436",
        ["Payments:AccountNumber"] = "1234567890",
        ["Payments:AccountName"] = "CONG TY SORA GATEWAY",
        ["Casso:WebhookKey"] = CassoDeliveries.WebhookKey,
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _telegram = await FakeBotApiServer.StartAsync();
        _bot = await StartBotAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_bot is not null)
            await StopAsync(_bot);
        if (_telegram is not null)
            await _telegram.DisposeAsync();
        if (Directory.Exists(_media))
            Directory.Delete(_media, recursive: true);
        await base.DisposeAsync();
    }

    private async Task<IHost> StartBotAsync()
    {
        var host = BotComposition.CreateBuilder([], b => b.Configuration.AddInMemoryCollection(BotSettings)).Build();
        await host.StartAsync();
        return host;
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    /// <summary>Sends a text and waits for the bot's next message to the chat that contains <paramref name="expect"/>.</summary>
    private async Task<SentMessage> SayAsync(string text, string expect)
    {
        var after = Telegram.Sent.Count == 0 ? 0 : Telegram.Sent.Max(m => m.Sequence);
        Telegram.EnqueueText(Chat, text);
        return await Telegram.WaitForAsync(m => m.ChatId == Chat && m.Sequence > after && (m.Text ?? "").Contains(expect, StringComparison.Ordinal));
    }

    /// <summary>Presses the button labelled <paramref name="label"/> under <paramref name="message"/> and waits for <paramref name="expect"/>.</summary>
    private async Task<SentMessage> PressAsync(SentMessage message, string label, string expect)
    {
        var after = Telegram.Sent.Max(m => m.Sequence);
        var button = message.Buttons.First(b => b.Text.Contains(label, StringComparison.Ordinal));
        Telegram.EnqueueCallback(Chat, message.MessageId, button.CallbackData!);
        return await Telegram.WaitForAsync(m => m.ChatId == Chat && m.Sequence > after && (m.Text ?? "").Contains(expect, StringComparison.Ordinal));
    }

    private Task<long> BalanceAsync() => InScopeAsync(async sp =>
    {
        var user = await sp.GetRequiredService<UserDirectory>().FindAsync(ChannelNames.Telegram, Chat.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        return await sp.GetRequiredService<CreditLedger>().GetBalanceAsync(user!.Id, CancellationToken.None);
    });

    private async Task GiveCreditsAsync(long credits)
    {
        await InScopeAsync(async sp =>
        {
            var user = await sp.GetRequiredService<UserDirectory>().FindAsync(ChannelNames.Telegram, Chat.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
            await sp.GetRequiredService<CreditLedger>().CreditAsync(new LedgerPosting(user!.Id, credits, LedgerKind.Grant, $"gift:{Guid.NewGuid():N}", "test"), CancellationToken.None);
        });
    }

    private async Task<SentMessage> ToConfirmAsync()
    {
        var welcome = await SayAsync("/start", "Xin chào");
        await PressAsync(welcome, "Tạo video", "Hãy mô tả");
        var durations = await SayAsync("Một chú mèo cam đạp xe qua phố cổ Hội An", "Chọn độ dài");
        var frames = await PressAsync(durations, "8 giây", "Chọn độ phân giải");
        var qualities = await PressAsync(frames, "720p ngang", "Chọn chất lượng");
        return await PressAsync(qualities, "Lite", "Xác nhận tạo video");
    }

    [Fact]
    public async Task Start_buy_scan_pay_get_credited_make_a_video_and_receive_it_in_the_chat()
    {
        var welcome = await SayAsync("/start", "Xin chào Lan");
        var packages = await PressAsync(welcome, "Mua credit", "Chọn gói credit");
        var before = Telegram.Sent.Max(m => m.Sequence);
        Telegram.EnqueueCallback(Chat, packages.MessageId, packages.Buttons.First(b => b.Text.Contains("Khởi đầu", StringComparison.Ordinal)).CallbackData!);
        var qr = await Telegram.WaitForAsync(m => m.ChatId == Chat && m.Sequence > before && m.Method == "sendPhoto");

        // The QR the user scans carries exactly the order's amount and code.
        var order = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().PaymentOrders.AsNoTracking().SingleAsync());
        Assert.True(VietQrPayload.TryRead(VietQrImageSpecs.Decode(qr.Upload!)!.Text, out var scanned));
        Assert.Equal(("970436", "1234567890", order.AmountVnd, order.OrderCode), (scanned.BankBin, scanned.AccountNumber, scanned.AmountVnd, scanned.Memo));
        Assert.Contains(order.OrderCode, qr.Text, StringComparison.Ordinal);

        // The bank transfer arrives through Casso's signed webhook at the WebhookHost.
        await using var webhooks = new WebhookHostFactory(Database, CassoDeliveries.Settings);
        using var client = webhooks.CreateClient();
        var body = CassoDeliveries.V2Body(880001, order.AmountVnd, $"MBVCB.123.{order.OrderCode}.CT tu 0011004 NGUYEN VAN A");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(CassoDeliveries.SignedV2(body, DateTimeOffset.UtcNow))).StatusCode);
        await Telegram.WaitForAsync(m => m.ChatId == Chat && (m.Text ?? "").Contains("Đã nhận thanh toán cho đơn " + order.OrderCode, StringComparison.Ordinal));
        Assert.Equal(50, await BalanceAsync());

        await SayAsync("/video", "Hãy mô tả");
        var durations = await SayAsync("Một chú mèo cam đạp xe qua phố cổ Hội An", "Chọn độ dài");
        var frames = await PressAsync(durations, "8 giây", "Chọn độ phân giải");
        var qualities = await PressAsync(frames, "720p ngang", "Chọn chất lượng");
        var summary = await PressAsync(qualities, "Lite", "Xác nhận tạo video");
        var confirm = await PressAsync(summary, "Xác nhận", "Đã trừ 16 credit");

        Assert.Contains("34 credit", confirm.Text, StringComparison.Ordinal);
        Assert.Equal(34, await BalanceAsync());
        var video = await Telegram.WaitForAsync(m => m.ChatId == Chat && m.Method == "sendVideo", TimeSpan.FromSeconds(20));
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(video.Upload!, 4, 4));
        Assert.Contains("Một chú mèo cam đạp xe", video.Text, StringComparison.Ordinal);
        // The runner saves the job after Telegram has answered the upload.
        await Eventually.HoldsAsync(async () => (await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.AsNoTracking().SingleAsync())).Status == VideoJobStatus.Completed,
            "the job is saved as completed");
        var job = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.AsNoTracking().SingleAsync());
        Assert.NotNull(job.ChannelFileId);
        Assert.True((await InScopeAsync(sp => sp.GetRequiredService<LedgerAudit>().RunAsync(CancellationToken.None))).IsClean);
    }

    [Fact]
    public async Task A_double_tapped_confirm_debits_once_and_the_second_tap_is_told_the_menu_is_out_of_date()
    {
        await SayAsync("/start", "Xin chào");
        await GiveCreditsAsync(100);
        var confirm = await ToConfirmAsync();
        var ok = confirm.Buttons.First(b => b.Text.Contains("Xác nhận", StringComparison.Ordinal)).CallbackData!;

        Telegram.EnqueueCallback(Chat, confirm.MessageId, ok);
        Telegram.EnqueueCallback(Chat, confirm.MessageId, ok);
        await Telegram.WaitForAsync(m => m.ChatId == Chat && (m.Text ?? "").Contains("Đã trừ 16 credit", StringComparison.Ordinal));
        var stale = await Telegram.WaitForAsync(m => m.Method == "answerCallbackQuery" && (m.Text ?? "").Contains("Menu này đã cũ", StringComparison.Ordinal));

        Assert.NotNull(stale);
        Assert.Equal(84, await BalanceAsync());
        Assert.Equal(1, await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.CountAsync()));
    }

    [Fact]
    public async Task A_restart_of_the_bot_between_steps_resumes_the_conversation()
    {
        await SayAsync("/start", "Xin chào");
        await SayAsync("/video", "Hãy mô tả");
        var durations = await SayAsync("Hoàng hôn trên vịnh Hạ Long", "Chọn độ dài");

        await StopAsync(_bot!);
        _bot = await StartBotAsync();

        await PressAsync(durations, "6 giây", "Chọn độ phân giải");
    }

    [Fact]
    public async Task A_button_from_an_old_menu_gets_the_out_of_date_answer_and_a_fresh_menu()
    {
        await SayAsync("/start", "Xin chào");
        await SayAsync("/video", "Hãy mô tả");
        var durations = await SayAsync("Hoàng hôn trên vịnh Hạ Long", "Chọn độ dài");
        await PressAsync(durations, "8 giây", "Chọn độ phân giải");

        var fresh = await PressAsync(durations, "4 giây", "Chọn độ phân giải");

        Assert.Contains(Telegram.Sent, m => m.Method == "answerCallbackQuery" && (m.Text ?? "").Contains("Menu này đã cũ", StringComparison.Ordinal));
        Assert.NotEqual(durations.Buttons.First().CallbackData!.Split(':')[1], fresh.Buttons.First().CallbackData!.Split(':')[1]);
        var draft = (await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().Conversations.AsNoTracking().SingleAsync())).DraftJson!;
        Assert.Contains("\"durationSeconds\":8", draft, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_honoured_and_the_reply_arrives_once()
    {
        Telegram.FailNext("sendMessage", 429, retryAfterSeconds: 1);

        await SayAsync("/start", "Xin chào");

        Assert.Single(Telegram.SentTo(Chat), m => (m.Text ?? "").Contains("Xin chào", StringComparison.Ordinal));
        Assert.Equal(2, Telegram.CallCount("sendMessage"));
    }

    [Fact]
    public async Task The_command_menu_is_registered_in_vietnamese_and_english()
    {
        await SayAsync("/start", "Xin chào");

        Assert.Contains(Telegram.CommandsFor("vi")!, c => c.Command == "video" && c.Description == "Tạo video mới");
        Assert.Contains(Telegram.CommandsFor("en")!, c => c.Command == "video" && c.Description == "Make a new video");
    }
}
