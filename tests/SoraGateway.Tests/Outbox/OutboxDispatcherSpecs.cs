using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoraGateway.Conversations;
using SoraGateway.Localization;
using SoraGateway.Outbox;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;

namespace SoraGateway.Tests.Outbox;

public sealed class OutboxDispatcherSpecs_Sqlite() : OutboxDispatcherSpecs(DatabaseProvider.Sqlite);

public sealed class OutboxDispatcherSpecs_Postgres() : OutboxDispatcherSpecs(DatabaseProvider.Postgres);

/// <summary>Delivery of queued notifications: at most once, retried on definite failures, paced.</summary>
public abstract class OutboxDispatcherSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero));
    private readonly RecordingChatSender _telegram = new(ChannelNames.Telegram);

    protected override TimeProvider? Time => _clock;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IChatSender>(_telegram);

    private OutboxDispatcher Dispatcher => Services.GetRequiredService<OutboxDispatcher>();

    private Task<long> UserAsync(string id, string language = "vi") => InScopeAsync(async sp =>
        (await sp.GetRequiredService<UserDirectory>().FindOrCreateAsync(ChannelNames.Telegram, id, "Lan", language, CancellationToken.None)).Id);

    private Task<long> QueueAsync(long user, string chat, long credits = 50) => InScopeAsync(async sp =>
    {
        var message = sp.GetRequiredService<SoraGateway.Outbox.Outbox>().Enqueue(user, ChannelNames.Telegram, chat, OutboxKinds.PaymentCredited,
            new PaymentCreditedNotice("SGABCDEFGH8", credits, 49_000, 49_000, credits));
        await sp.GetRequiredService<GatewayDbContext>().SaveChangesAsync();
        return message.Id;
    });

    private Task<OutboxMessage> MessageAsync(long id) => InScopeAsync(sp =>
        sp.GetRequiredService<GatewayDbContext>().OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    [Fact]
    public async Task A_queued_message_is_rendered_in_the_users_language_sent_once_and_marked_sent()
    {
        var vi = await QueueAsync(await UserAsync("1"), "1");
        var en = await QueueAsync(await UserAsync("2", "en"), "2");

        var first = await Dispatcher.DeliverDueAsync(CancellationToken.None);
        var second = await Dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Equal((2, 0), (first, second));
        Assert.Contains("Đã nhận thanh toán cho đơn SGABCDEFGH8", Html.ToPlainText(((TextReply)_telegram.Sent.Single(s => s.ChatId == "1").Reply).Html), StringComparison.Ordinal);
        Assert.Contains("Payment received for order SGABCDEFGH8", Html.ToPlainText(((TextReply)_telegram.Sent.Single(s => s.ChatId == "2").Reply).Html), StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Sent, (await MessageAsync(vi)).Status);
        Assert.Equal(OutboxStatus.Sent, (await MessageAsync(en)).Status);
    }

    [Fact]
    public async Task A_failed_send_is_retried_after_a_back_off_and_then_delivered()
    {
        var id = await QueueAsync(await UserAsync("1"), "1");
        _telegram.FailNext(new HttpRequestException("connection reset"));

        await Dispatcher.DeliverDueAsync(CancellationToken.None);
        var early = await Dispatcher.DeliverDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(6));
        var later = await Dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Equal((0, 1), (early, later));
        Assert.Single(_telegram.Sent);
        var message = await MessageAsync(id);
        Assert.Equal((OutboxStatus.Sent, 2), (message.Status, message.Attempts));
    }

    [Fact]
    public async Task A_blocked_chat_ends_its_messages_without_retrying()
    {
        var id = await QueueAsync(await UserAsync("1"), "1");
        _telegram.FailNext(new ChatUnreachableException(ChannelNames.Telegram, "1"));

        await Dispatcher.DeliverDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        await Dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Empty(_telegram.Sent);
        Assert.Equal(OutboxStatus.Failed, (await MessageAsync(id)).Status);
    }

    [Fact]
    public async Task A_message_whose_delivery_was_interrupted_is_never_sent_again()
    {
        var id = await QueueAsync(await UserAsync("1"), "1");
        await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().OutboxMessages.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, "crashed-dispatcher").SetProperty(m => m.LeaseUntil, _clock.GetUtcNow().UtcDateTime.AddMinutes(2))));
        _clock.Advance(TimeSpan.FromMinutes(3));

        await Dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Empty(_telegram.Sent);
        var message = await MessageAsync(id);
        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Contains("at most once", message.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_chat_gets_at_most_one_message_a_second()
    {
        var user = await UserAsync("1");
        await QueueAsync(user, "1", 10);
        await QueueAsync(user, "1", 20);

        var first = await Dispatcher.DeliverDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        var tooSoon = await Dispatcher.DeliverDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        var afterASecond = await Dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Equal((1, 0, 1), (first, tooSoon, afterASecond));
    }

    [Fact]
    public async Task A_pass_sends_at_most_the_overall_rate()
    {
        for (var i = 0; i < 40; i++)
            await QueueAsync(await UserAsync($"c{i}"), $"c{i}");

        var first = await Dispatcher.DeliverDueAsync(CancellationToken.None);
        var second = await Dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Equal((30, 10), (first, second));
    }

    [Fact]
    public async Task Two_dispatchers_running_at_once_deliver_each_message_exactly_once()
    {
        for (var i = 0; i < 30; i++)
            await QueueAsync(await UserAsync($"c{i}"), $"c{i}");
        await using var other = Database.CreateServices(s => s.AddSingleton<IChatSender>(_telegram), _clock);

        await Task.WhenAll(
            Task.Run(() => Dispatcher.DeliverDueAsync(CancellationToken.None)),
            Task.Run(() => other.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None)));

        Assert.Equal(30, _telegram.Sent.Count);
        Assert.Equal(30, _telegram.Sent.Select(s => s.ChatId).Distinct().Count());
    }
}
