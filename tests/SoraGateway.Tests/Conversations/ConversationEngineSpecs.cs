using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoraGateway.Conversations;
using SoraGateway.Ledger;
using SoraGateway.Payments;
using SoraGateway.Payments.VietQr;
using SoraGateway.Persistence;
using SoraGateway.Testing;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Tests.Payments.VietQr;
using SoraGateway.Users;
using SoraGateway.Videos.Jobs;

namespace SoraGateway.Tests.Conversations;

public sealed class ConversationEngineSpecs_Sqlite() : ConversationEngineSpecs(DatabaseProvider.Sqlite);

public sealed class ConversationEngineSpecs_Postgres() : ConversationEngineSpecs(DatabaseProvider.Postgres);

/// <summary>The conversation engine, channel-free: what a person sees and what it does to money and jobs.</summary>
public abstract class ConversationEngineSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero));
    private ServiceProvider? _chat;

    protected override TimeProvider? Time => _clock;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _chat = NewServices();
    }

    public override async Task DisposeAsync()
    {
        if (_chat is not null)
            await _chat.DisposeAsync();
        await base.DisposeAsync();
    }

    private ServiceProvider NewServices() => Database.CreateServices(time: _clock, settings: new Dictionary<string, string?>(CassoDeliveries.Settings)
    {
        ["Storage:VideoPath"] = Path.Combine(Path.GetTempPath(), "sora-tests-media"),
    });

    private ChatDriver Driver(string chatId = "1001", string language = "vi") => new(_chat!, chatId, language);

    private Task<long> UserIdAsync(string chatId = "1001") => InScopeAsync(async sp =>
        (await sp.GetRequiredService<UserDirectory>().FindAsync(ChannelNames.Telegram, $"u{chatId}", CancellationToken.None))!.Id);

    private async Task GiveAsync(long credits, string chatId = "1001")
    {
        var user = await UserIdAsync(chatId);
        await InScopeAsync(sp => sp.GetRequiredService<CreditLedger>().CreditAsync(
            new LedgerPosting(user, credits, LedgerKind.Grant, $"gift:{Guid.NewGuid():N}", "test"), CancellationToken.None));
    }

    private Task<long> BalanceAsync(string chatId = "1001") => InScopeAsync(async sp =>
        await sp.GetRequiredService<CreditLedger>().GetBalanceAsync(await UserIdAsync(chatId), CancellationToken.None));

    private Task<List<VideoJob>> JobsAsync() => InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.AsNoTracking().ToListAsync());

    /// <summary>Start → prompt → 8 s → 720p landscape → Lite: the confirm screen.</summary>
    private static async Task<ChatResponse> ToConfirmAsync(ChatDriver chat, string prompt = "Một chú mèo cam đạp xe qua phố cổ Hội An")
    {
        await chat.SendAsync("/video");
        await chat.SendAsync(prompt);
        await chat.PressLabelAsync("8 giây");
        await chat.PressLabelAsync("720p ngang");
        return await chat.PressLabelAsync("Lite");
    }

    [Fact]
    public async Task Start_greets_in_vietnamese_with_the_balance_and_the_main_menu()
    {
        var response = await Driver().SendAsync("/start ref42");

        var text = ChatDriver.Text(response);
        Assert.Contains("Xin chào Lan", text, StringComparison.Ordinal);
        Assert.Contains("Số dư: 0 credit", text, StringComparison.Ordinal);
        Assert.Equal("a:video", ChatDriver.Button(response, "Tạo video").Data);
        var user = await InScopeAsync(async sp => await sp.GetRequiredService<UserDirectory>().GetAsync(await UserIdAsync(), CancellationToken.None));
        Assert.Equal("ref42", user!.StartParameter);
    }

    [Fact]
    public async Task An_english_speaker_gets_english_and_language_switches_both_ways()
    {
        var chat = Driver(language: "en");

        var english = await chat.SendAsync("/balance");
        await chat.SendAsync("/language");
        var switched = await chat.PressAsync("l:vi");
        var vietnamese = await chat.SendAsync("/balance");

        Assert.Contains("Balance: 0 credits", ChatDriver.Text(english), StringComparison.Ordinal);
        Assert.Contains("tiếng Việt", ChatDriver.Text(switched), StringComparison.Ordinal);
        Assert.Contains("Số dư: 0 credit", ChatDriver.Text(vietnamese), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_video_flow_offers_only_what_the_catalog_allows_and_confirm_debits_once_and_queues_one_job()
    {
        var chat = Driver();
        await chat.SendAsync("/start");
        await GiveAsync(100);

        await chat.SendAsync("/video");
        var durations = await chat.SendAsync("Một chú mèo <b>cam</b> đạp xe qua phố cổ Hội An");
        var frames = await chat.PressLabelAsync("8 giây");
        var qualities = await chat.PressLabelAsync("1080p dọc");
        var confirm = await chat.PressLabelAsync("Lite");
        var queued = await chat.PressLabelAsync("Xác nhận");

        Assert.Equal(["4 giây", "6 giây", "8 giây", "❌ Hủy"], durations.Replies.Single().Buttons.SelectMany(r => r).Select(b => b.Label));
        Assert.Contains(frames.Replies.Single().Buttons.SelectMany(r => r), b => b.Label == "1080p dọc 9:16");
        Assert.Contains("Veo 3.1 Lite (mô phỏng) — 24 credit", ChatDriver.Text(qualities) + string.Join(",", qualities.Replies.SelectMany(r => r.Buttons).SelectMany(r => r).Select(b => b.Label)), StringComparison.Ordinal);
        var summary = ((TextReply)confirm.Replies.Single()).Html;
        Assert.Contains("&lt;b&gt;cam&lt;/b&gt;", summary, StringComparison.Ordinal);
        Assert.Contains("Số dư: 100 credit → còn 76 credit", ChatDriver.Text(confirm), StringComparison.Ordinal);
        Assert.Contains("Đã trừ 24 credit", ChatDriver.Text(queued), StringComparison.Ordinal);
        Assert.Contains("#1", ChatDriver.Text(queued), StringComparison.Ordinal);
        Assert.Equal(76, await BalanceAsync());
        var job = Assert.Single(await JobsAsync());
        Assert.Equal((VideoJobStatus.Queued, 8, "1080p", "portrait", "lite", 24L), (job.Status, job.DurationSeconds, job.Resolution, job.Orientation, job.OfferingCode, job.PriceCredits));
        Assert.Equal("Một chú mèo <b>cam</b> đạp xe qua phố cổ Hội An", job.Prompt);
    }

    [Fact]
    public async Task A_double_tapped_confirm_debits_once_and_the_second_tap_is_out_of_date()
    {
        var chat = Driver();
        await chat.SendAsync("/start");
        await GiveAsync(100);
        var confirm = await ToConfirmAsync(chat);
        var ok = ChatDriver.Button(confirm, "Xác nhận").Data!;

        await chat.PressAsync(ok);
        var second = await chat.PressAsync(ok);

        Assert.Equal("Menu này đã cũ — đây là menu mới nhất.", second.CallbackAnswer);
        Assert.Single(await JobsAsync());
        Assert.Equal(100 - 16, await BalanceAsync());
    }

    [Fact]
    public async Task Two_concurrent_confirms_of_one_chat_on_two_engines_debit_once()
    {
        var chat = Driver();
        await chat.SendAsync("/start");
        await GiveAsync(100);
        var ok = ChatDriver.Button(await ToConfirmAsync(chat), "Xác nhận").Data!;
        await using var otherInstance = NewServices();

        var results = await Task.WhenAll(
            Task.Run(() => new ChatDriver(_chat!).PressAsync(ok)),
            Task.Run(() => new ChatDriver(otherInstance).PressAsync(ok)));

        Assert.Single(await JobsAsync());
        Assert.Equal(84, await BalanceAsync());
        Assert.Single(results, r => ChatDriver.Text(r).Contains("Đã trừ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_little_credit_turns_the_confirm_screen_into_packages_and_a_package_gives_a_scannable_qr()
    {
        var chat = Driver();
        await chat.SendAsync("/start");

        var confirm = await ToConfirmAsync(chat);
        var qr = await chat.PressLabelAsync("Khởi đầu");

        Assert.Contains("Bạn cần thêm 16 credit", ChatDriver.Text(confirm), StringComparison.Ordinal);
        Assert.DoesNotContain(confirm.Replies.SelectMany(r => r.Buttons).SelectMany(r => r), b => b.Label.Contains("Xác nhận", StringComparison.Ordinal));
        var photo = Assert.IsType<PhotoReply>(qr.Replies[^1]);
        var order = await InScopeAsync(async sp => (await sp.GetRequiredService<PaymentOrders>().ListOpenAsync(await UserIdAsync(), CancellationToken.None)).Single());
        Assert.Contains(order.OrderCode, photo.CaptionHtml, StringComparison.Ordinal);
        Assert.Contains("49.000 ₫", photo.CaptionHtml, StringComparison.Ordinal);
        var decoded = VietQrImageSpecs.Decode(photo.Image)!.Text;
        Assert.True(VietQrPayload.TryRead(decoded, out var reading));
        Assert.Equal(("970436", "1234567890", 49_000L, order.OrderCode, true), (reading.BankBin, reading.AccountNumber, reading.AmountVnd, reading.Memo, reading.CrcValid));
        Assert.Equal(["o:paid:" + order.OrderCode, "o:cancel:" + order.OrderCode], photo.Buttons.SelectMany(r => r).Select(b => b.Data));
        Assert.Equal(0, await BalanceAsync());
    }

    [Fact]
    public async Task After_topping_up_video_resumes_the_kept_draft_at_the_confirm_screen()
    {
        var chat = Driver();
        await chat.SendAsync("/start");
        await ToConfirmAsync(chat);
        await chat.PressLabelAsync("Khởi đầu");
        await GiveAsync(50);

        var resumed = await chat.SendAsync("/video");

        Assert.Contains("Xác nhận tạo video", ChatDriver.Text(resumed), StringComparison.Ordinal);
        await chat.PressLabelAsync("Xác nhận");
        Assert.Single(await JobsAsync());
    }

    [Fact]
    public async Task I_have_paid_reports_the_orders_state_and_cancel_order_cancels_it()
    {
        var chat = Driver();
        await chat.SendAsync("/buy");
        var qr = await chat.PressLabelAsync("Khởi đầu");
        var code = ((PhotoReply)qr.Replies[^1]).Buttons[0][0].Data!["o:paid:".Length..];

        var pending = await chat.PressAsync(ButtonData.PaidCheck(code));
        var byStranger = await Driver("2002").PressAsync(ButtonData.PaidCheck(code));
        var cancelled = await chat.PressAsync(ButtonData.CancelOrder(code));

        Assert.Contains($"Chưa thấy giao dịch cho đơn {code}", ChatDriver.Text(pending), StringComparison.Ordinal);
        Assert.Contains("Không tìm thấy đơn", ChatDriver.Text(byStranger), StringComparison.Ordinal);
        Assert.Contains($"Đã hủy đơn {code}", ChatDriver.Text(cancelled), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/video")]
    [InlineData("/video", "Một chú mèo cam đạp xe")]
    [InlineData("/video", "Một chú mèo cam đạp xe", "8 giây")]
    [InlineData("/video", "Một chú mèo cam đạp xe", "8 giây", "720p ngang")]
    [InlineData("/video", "Một chú mèo cam đạp xe", "8 giây", "720p ngang", "Lite")]
    [InlineData("/buy")]
    public async Task Cancel_works_in_every_state_and_leaves_no_money_moved(params string[] steps)
    {
        var chat = Driver();
        await chat.SendAsync("/start");
        await GiveAsync(100);
        foreach (var step in steps)
            await (step.StartsWith('/') || chat.Last is null || !chat.Last.Replies.SelectMany(r => r.Buttons).SelectMany(r => r).Any(b => b.Label.Contains(step, StringComparison.Ordinal))
                ? chat.SendAsync(step)
                : chat.PressLabelAsync(step));

        var cancelled = await chat.SendAsync("/cancel");
        var again = await chat.SendAsync("/cancel");

        Assert.Contains("Đã hủy", ChatDriver.Text(cancelled), StringComparison.Ordinal);
        Assert.Contains("Không có thao tác", ChatDriver.Text(again), StringComparison.Ordinal);
        Assert.Equal(100, await BalanceAsync());
        Assert.Empty(await JobsAsync());
    }

    [Fact]
    public async Task A_button_from_an_old_menu_is_out_of_date_and_a_fresh_menu_follows()
    {
        var chat = Driver();
        await chat.SendAsync("/video");
        var durations = await chat.SendAsync("Một chú mèo cam đạp xe");
        var oldEight = ChatDriver.Button(durations, "8 giây").Data!;
        await chat.PressAsync(oldEight);

        var stale = await chat.PressAsync(oldEight);

        Assert.Equal("Menu này đã cũ — đây là menu mới nhất.", stale.CallbackAnswer);
        Assert.Contains("Chọn độ phân giải", ChatDriver.Text(stale), StringComparison.Ordinal);
        Assert.NotEqual(oldEight.Split(':')[1], ChatDriver.Button(stale, "720p ngang").Data!.Split(':')[1]);
    }

    [Fact]
    public async Task A_restart_between_steps_resumes_the_conversation()
    {
        var chat = Driver();
        await chat.SendAsync("/video");
        var durations = await chat.SendAsync("Một chú mèo cam đạp xe");
        await _chat!.DisposeAsync();
        _chat = NewServices();

        var frames = await new ChatDriver(_chat).PressAsync(ChatDriver.Button(durations, "6 giây").Data!);

        Assert.Contains("Chọn độ phân giải", ChatDriver.Text(frames), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thirty_idle_minutes_send_an_unfinished_flow_back_to_idle()
    {
        var chat = Driver();
        await chat.SendAsync("/video");
        var durations = await chat.SendAsync("Một chú mèo cam đạp xe");
        _clock.Advance(TimeSpan.FromMinutes(31));

        var late = await chat.PressAsync(ChatDriver.Button(durations, "8 giây").Data!);

        Assert.Contains("hết hạn", ChatDriver.Text(late), StringComparison.Ordinal);
        Assert.Equal(ConversationState.Idle, await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().Conversations.Select(c => c.State).SingleAsync()));
    }

    [Theory]
    [InlineData("Mèo", "ngắn")]
    [InlineData(null, "quá dài")]
    public async Task Prompts_outside_the_length_bounds_are_refused_with_the_reason(string? prompt, string reason)
    {
        var chat = Driver();
        await chat.SendAsync("/video");

        var response = await chat.SendAsync(prompt ?? new string('a', 1001));

        Assert.Contains(reason, ChatDriver.Text(response), StringComparison.Ordinal);
        Assert.Equal(ConversationState.AwaitingPrompt, await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().Conversations.Select(c => c.State).SingleAsync()));
    }

    [Fact]
    public async Task A_photo_with_a_caption_starts_image_to_video_and_keeps_the_photo()
    {
        var chat = Driver();
        await chat.SendAsync("/start");
        await GiveAsync(100);
        var jpeg = TestImages.Jpeg(64, 48);

        var durations = await chat.SendPhotoAsync(jpeg, "Cho bức ảnh chuyển động nhẹ nhàng");
        await chat.PressLabelAsync("8 giây");
        await chat.PressLabelAsync("720p ngang");
        var confirm = await chat.PressLabelAsync("Lite");
        await chat.PressLabelAsync("Xác nhận");

        Assert.Contains("Chọn độ dài", ChatDriver.Text(durations), StringComparison.Ordinal);
        Assert.Contains("Từ ảnh của bạn", ChatDriver.Text(confirm), StringComparison.Ordinal);
        var job = Assert.Single(await JobsAsync());
        Assert.NotNull(job.ImagePath);
        var stored = await _chat!.GetRequiredService<SoraGateway.Storage.MediaStore>().ReadAsync(job.ImagePath!, CancellationToken.None);
        Assert.Equal(jpeg, stored);
    }

    [Fact]
    public async Task A_photo_without_a_caption_asks_for_one_and_garbage_bytes_are_refused()
    {
        var chat = Driver();

        var ask = await chat.SendPhotoAsync(TestImages.Jpeg(64, 48), null);
        var garbage = await chat.SendPhotoAsync([1, 2, 3, 4], "Cho ảnh chuyển động");
        var durations = await chat.SendAsync("Cho bức ảnh chuyển động nhẹ nhàng");

        Assert.Contains("Đã nhận ảnh", ChatDriver.Text(ask), StringComparison.Ordinal);
        Assert.Contains("Không đọc được ảnh", ChatDriver.Text(garbage), StringComparison.Ordinal);
        Assert.Contains("Chọn độ dài", ChatDriver.Text(durations), StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_pages_through_every_movement_newest_first()
    {
        var chat = Driver();
        await chat.SendAsync("/start");
        for (var i = 0; i < 10; i++)
            await GiveAsync(i + 1);

        var first = await chat.SendAsync("/history");
        var second = await chat.PressLabelAsync("Cũ hơn");

        Assert.Contains("trang 1/2", ChatDriver.Text(first), StringComparison.Ordinal);
        Assert.Contains("+10", ChatDriver.Text(first), StringComparison.Ordinal);
        Assert.Contains("trang 2/2", ChatDriver.Text(second), StringComparison.Ordinal);
        Assert.Contains("+1 ", ChatDriver.Text(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Videos_and_stats_show_jobs_with_their_status()
    {
        var chat = Driver();
        await chat.SendAsync("/start");
        await GiveAsync(100);
        await ToConfirmAsync(chat);
        await chat.PressLabelAsync("Xác nhận");

        var videos = await chat.SendAsync("/videos");
        var stats = await chat.SendAsync("/stats");

        Assert.Contains("đang chờ", ChatDriver.Text(videos), StringComparison.Ordinal);
        Assert.Contains("Credit đã dùng: 16", ChatDriver.Text(stats), StringComparison.Ordinal);
        Assert.Contains("0 hoàn thành / 1 đã đặt", ChatDriver.Text(stats), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Free_text_outside_a_flow_starts_a_video_and_text_where_a_choice_is_due_gets_the_menu_again()
    {
        var chat = Driver();

        var durations = await chat.SendAsync("Hoàng hôn trên vịnh Hạ Long");
        var nudge = await chat.SendAsync("tám giây");

        Assert.Contains("Chọn độ dài", ChatDriver.Text(durations), StringComparison.Ordinal);
        Assert.Contains("Vui lòng chọn", ChatDriver.Text(nudge), StringComparison.Ordinal);
        Assert.Contains("Chọn độ dài", ChatDriver.Text(nudge), StringComparison.Ordinal);
    }
}
