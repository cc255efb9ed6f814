using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoraGateway.Ledger;
using SoraGateway.Outbox;
using SoraGateway.Payments;
using SoraGateway.Persistence;
using SoraGateway.Testing;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;

namespace SoraGateway.Tests.Payments;

public sealed class CassoWebhookSpecs_Sqlite() : CassoWebhookSpecs(DatabaseProvider.Sqlite);

public sealed class CassoWebhookSpecs_Postgres() : CassoWebhookSpecs(DatabaseProvider.Postgres);

/// <summary><c>POST /webhooks/casso</c> through the real WebhookHost, row by row of the spec's response table.</summary>
public abstract class CassoWebhookSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero));
    private WebhookHostFactory? _host;
    private HttpClient? _client;

    protected override TimeProvider? Time => _clock;

    private HttpClient Client => _client ??= (_host ??= new WebhookHostFactory(Database, CassoDeliveries.Settings, _clock)).CreateClient();

    public override async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
            await _host.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<(long UserId, PaymentOrder Order)> NewOrderAsync(string package = "STARTER", string telegramId = "501")
    {
        return await InScopeAsync(async sp =>
        {
            var user = await sp.GetRequiredService<UserDirectory>().FindOrCreateAsync(ChannelNames.Telegram, telegramId, "Lan", "vi", CancellationToken.None);
            var created = await sp.GetRequiredService<PaymentOrders>().CreateAsync(user.Id, package, ChannelNames.Telegram, telegramId, CancellationToken.None);
            return (user.Id, created.Order!);
        });
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => Client.SendAsync(request);

    private Task<HttpResponseMessage> DeliverV2Async(long id, long amount, string description) =>
        SendAsync(CassoDeliveries.SignedV2(CassoDeliveries.V2Body(id, amount, description), _clock.GetUtcNow()));

    private Task<T> DbAsync<T>(Func<GatewayDbContext, Task<T>> query) => InScopeAsync(sp => query(sp.GetRequiredService<GatewayDbContext>()));

    private Task<long> BalanceAsync(long user) => InScopeAsync(sp => sp.GetRequiredService<CreditLedger>().GetBalanceAsync(user, CancellationToken.None));

    private Task<PaymentOrder> OrderAsync(string code) => DbAsync(db => db.PaymentOrders.AsNoTracking().SingleAsync(o => o.OrderCode == code));

    private Task<int> StoredTransfersAsync() => DbAsync(db => db.BankTransactions.CountAsync());

    [Fact]
    public async Task An_authentic_v2_transfer_pays_the_order_credits_the_wallet_and_queues_the_news_in_one_go()
    {
        var (user, order) = await NewOrderAsync();

        var response = await DeliverV2Async(9001, order.AmountVnd, $"MBVCB.3278614.{order.OrderCode}.CT tu 0011004 NGUYEN VAN A");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paid = await OrderAsync(order.OrderCode);
        Assert.Equal(PaymentOrderStatus.Paid, paid.Status);
        Assert.Equal(order.AmountVnd, paid.ReceivedVnd);
        Assert.Equal(order.Credits, await BalanceAsync(user));
        var stored = await DbAsync(db => db.BankTransactions.SingleAsync());
        Assert.Equal(("9001", BankTransactionStatus.Matched, order.AmountVnd), (stored.ProviderTransactionId, stored.Status, stored.AmountVnd));
        Assert.Contains("\"id\":9001", stored.RawJson, StringComparison.Ordinal);
        var news = await DbAsync(db => db.OutboxMessages.SingleAsync());
        Assert.Equal(OutboxKinds.PaymentCredited, news.Kind);
        Assert.Equal(order.Credits, SoraGateway.Outbox.Outbox.Read<PaymentCreditedNotice>(news).BalanceAfter);
        Assert.True((await InScopeAsync(sp => sp.GetRequiredService<LedgerAudit>().RunAsync(CancellationToken.None))).IsClean);
    }

    [Fact]
    public async Task The_same_delivery_sent_20_times_at_once_credits_once()
    {
        var (user, order) = await NewOrderAsync();
        var body = CassoDeliveries.V2Body(777, order.AmountVnd, $"IBFT {order.OrderCode}");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => SendAsync(CassoDeliveries.SignedV2(body, _clock.GetUtcNow())))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(order.Credits, await BalanceAsync(user));
        Assert.Equal(1, await StoredTransfersAsync());
        Assert.Equal(1, await DbAsync(db => db.LedgerTransactions.CountAsync(t => t.Kind == LedgerKind.Purchase)));
        Assert.Equal(1, await DbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Two_transfers_for_one_order_add_up_the_first_is_held_as_underpaid_with_the_missing_amount()
    {
        var (user, order) = await NewOrderAsync();

        await DeliverV2Async(1, 20_000, $"{order.OrderCode} lan 1");
        var afterFirst = await OrderAsync(order.OrderCode);
        var underpaid = await DbAsync(db => db.OutboxMessages.SingleAsync());
        await DeliverV2Async(2, order.AmountVnd - 20_000, $"{order.OrderCode} lan 2");

        Assert.Equal(PaymentOrderStatus.Underpaid, afterFirst.Status);
        Assert.Equal(OutboxKinds.PaymentUnderpaid, underpaid.Kind);
        Assert.Equal(order.AmountVnd - 20_000, SoraGateway.Outbox.Outbox.Read<PaymentUnderpaidNotice>(underpaid).MissingVnd);
        Assert.Equal(PaymentOrderStatus.Paid, (await OrderAsync(order.OrderCode)).Status);
        Assert.Equal(order.Credits, await BalanceAsync(user));
    }

    [Fact]
    public async Task Paying_an_order_twice_keeps_the_second_transfer_as_surplus_for_an_admin()
    {
        var (user, order) = await NewOrderAsync();

        await DeliverV2Async(11, order.AmountVnd, order.OrderCode);
        var second = await DeliverV2Async(12, order.AmountVnd, order.OrderCode);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(order.Credits, await BalanceAsync(user));
        Assert.Equal(BankTransactionStatus.Surplus, (await DbAsync(db => db.BankTransactions.SingleAsync(b => b.ProviderTransactionId == "12"))).Status);
        Assert.Equal(2 * order.AmountVnd, (await OrderAsync(order.OrderCode)).ReceivedVnd);
    }

    [Fact]
    public async Task An_expired_order_that_is_paid_is_still_credited()
    {
        var (user, order) = await NewOrderAsync();
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await InScopeAsync(sp => sp.GetRequiredService<PaymentOrders>().ExpireDueAsync(CancellationToken.None)));

        var response = await DeliverV2Async(31, order.AmountVnd, $"chuyen khoan {order.OrderCode}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PaymentOrderStatus.Paid, (await OrderAsync(order.OrderCode)).Status);
        Assert.Equal(order.Credits, await BalanceAsync(user));
    }

    [Theory]
    [InlineData("Nạp tiền {0} cho tài khoản Nguyễn Văn Á", false)]
    [InlineData("Nạp tiền {0} cho tài khoản Nguyễn Văn Á", true)]
    public async Task A_vietnamese_memo_signed_in_either_encoding_is_accepted(string memo, bool escapeNonAscii)
    {
        var (user, order) = await NewOrderAsync();
        var body = CassoDeliveries.V2Body(41, order.AmountVnd, string.Format(System.Globalization.CultureInfo.InvariantCulture, memo, order.OrderCode));

        var response = await SendAsync(CassoDeliveries.SignedV2(body, _clock.GetUtcNow(), escapeNonAscii: escapeNonAscii));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(order.Credits, await BalanceAsync(user));
    }

    [Fact]
    public async Task Outgoing_money_unmatched_memos_and_unknown_codes_answer_200_are_stored_and_credit_nothing()
    {
        var (user, order) = await NewOrderAsync();
        var nearMiss = order.OrderCode[..^1] + (order.OrderCode[^1] == 'A' ? 'B' : 'A');

        var outgoing = await DeliverV2Async(51, -order.AmountVnd, $"tra tien {order.OrderCode}");
        var noCode = await DeliverV2Async(52, order.AmountVnd, "chuyen tien an trua");
        var unknown = await DeliverV2Async(53, order.AmountVnd, "SGABCDEFGH2");
        var nearMissResponse = await DeliverV2Async(54, order.AmountVnd, nearMiss);

        Assert.All(new[] { outgoing, noCode, unknown, nearMissResponse }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(0, await BalanceAsync(user));
        var stored = await DbAsync(db => db.BankTransactions.OrderBy(b => b.Id).Select(b => b.Status).ToListAsync());
        Assert.Equal([BankTransactionStatus.Ignored, BankTransactionStatus.Unmatched, BankTransactionStatus.Unmatched, BankTransactionStatus.Unmatched], stored);
        Assert.Equal(PaymentOrderStatus.Pending, (await OrderAsync(order.OrderCode)).Status);
    }

    [Fact]
    public async Task Cassos_dashboard_test_call_with_the_official_vector_is_verified_stored_and_never_credited()
    {
        await using var host = new WebhookHostFactory(Database, new Dictionary<string, string?>(CassoDeliveries.Settings)
        {
            ["Casso:WebhookKey"] = "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs",
        }, new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1727948258788)));
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/casso") { Content = new StringContent(OfficialVectorBody, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Casso-Signature", OfficialVectorHeader);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await DbAsync(db => db.BankTransactions.SingleAsync());
        Assert.Equal(BankTransactionStatus.Ignored, stored.Status);
        Assert.Equal(0, await DbAsync(db => db.LedgerTransactions.CountAsync()));
    }

    [Theory]
    [InlineData("body")]
    [InlineData("timestamp")]
    [InlineData("key")]
    public async Task A_one_byte_change_in_body_timestamp_or_key_is_refused_with_401_and_nothing_is_stored(string tampered)
    {
        var (user, order) = await NewOrderAsync();
        var body = CassoDeliveries.V2Body(61, order.AmountVnd, order.OrderCode);
        var request = CassoDeliveries.SignedV2(body, _clock.GetUtcNow(), key: tampered == "key" ? CassoDeliveries.WebhookKey + "x" : CassoDeliveries.WebhookKey);
        if (tampered == "body")
        {
            var changed = (byte[])body.Clone();
            var at = Encoding.UTF8.GetString(changed).IndexOf("25000000", StringComparison.Ordinal);
            changed[at] = (byte)'3';
            request.Content = new ByteArrayContent(changed);
        }
        else if (tampered == "timestamp")
        {
            var header = request.Headers.GetValues("X-Casso-Signature").Single();
            var t = long.Parse(header[2..header.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            request.Headers.Remove("X-Casso-Signature");
            request.Headers.TryAddWithoutValidation("X-Casso-Signature", header.Replace($"t={t}", $"t={t + 1}", StringComparison.Ordinal));
        }

        var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await StoredTransfersAsync());
        Assert.Equal(0, await BalanceAsync(user));
    }

    [Fact]
    public async Task A_missing_signature_or_a_wrong_v1_token_is_refused_with_401()
    {
        var body = CassoDeliveries.V2Body(71, 49_000, "x");
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/webhooks/casso") { Content = new ByteArrayContent(body) };

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(unsigned)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(CassoDeliveries.V1(CassoDeliveries.V1Body((72, 49_000, "x")), "wrong-token"))).StatusCode);
        Assert.Equal(0, await StoredTransfersAsync());
    }

    [Fact]
    public async Task A_signature_older_than_the_replay_window_is_refused()
    {
        var body = CassoDeliveries.V2Body(73, 49_000, "x");

        var response = await SendAsync(CassoDeliveries.SignedV2(body, _clock.GetUtcNow().AddHours(-25)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await StoredTransfersAsync());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"error\":0,\"data\":[1,2]}")]
    [InlineData("{\"error\":0,\"data\":{\"id\":\"abc\",\"amount\":1000,\"description\":\"x\"}}")]
    [InlineData("{\"error\":0,\"data\":{\"id\":5,\"amount\":\"muoi nghin\",\"description\":\"x\"}}")]
    public async Task A_signed_body_that_is_not_the_envelope_is_refused_with_400_and_nothing_is_stored(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var request = json.StartsWith("{not", StringComparison.Ordinal)
            ? CassoDeliveries.WithForgedSignature(body, _clock.GetUtcNow())
            : CassoDeliveries.SignedV2(body, _clock.GetUtcNow());

        var response = await SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await StoredTransfersAsync());
    }

    [Fact]
    public async Task A_legacy_v1_delivery_processes_every_transaction_in_the_array()
    {
        var (user, order) = await NewOrderAsync();

        var response = await SendAsync(CassoDeliveries.V1(CassoDeliveries.V1Body(
            (81, order.AmountVnd, $"CT DEN:0123 {order.OrderCode.ToLowerInvariant()} FT22298536396686"),
            (82, 10_000, "khong co ma"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(order.Credits, await BalanceAsync(user));
        Assert.Equal(2, await StoredTransfersAsync());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        var body = new byte[300 * 1024];

        var response = await SendAsync(CassoDeliveries.WithForgedSignature(body, _clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_database_fault_answers_500_so_that_casso_retries()
    {
        var settings = new Dictionary<string, string?>(CassoDeliveries.Settings)
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Gateway"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2",
        };
        await using var host = new WebhookHostFactory(Database, settings, _clock);
        using var client = host.CreateClient();

        var response = await client.SendAsync(CassoDeliveries.SignedV2(CassoDeliveries.V2Body(91, 49_000, "SGABCDEFGH2"), _clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private const string OfficialVectorHeader = "t=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3";

    private const string OfficialVectorBody = """{"error":0,"data":{"id":0,"reference":"MA_GIAO_DICH_THU_NGHIEM","description":"giao dich thu nghiem","amount":599000,"runningBalance":25000000,"transactionDateTime":"2024-10-03 15:06:37","accountNumber":"88888888","bankName":"VPBank","bankAbbreviation":"VPB","virtualAccountNumber":"","virtualAccountName":"","counterAccountName":"NGUYEN VAN A","counterAccountNumber":"8888888888","counterAccountBankId":"970415","counterAccountBankName":"VietinBank"}}""";
}
