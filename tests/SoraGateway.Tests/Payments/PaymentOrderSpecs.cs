using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoraGateway.Payments;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;

namespace SoraGateway.Tests.Payments;

public sealed class PaymentOrderSpecs_Sqlite() : PaymentOrderSpecs(DatabaseProvider.Sqlite);

public sealed class PaymentOrderSpecs_Postgres() : PaymentOrderSpecs(DatabaseProvider.Postgres);

public abstract class PaymentOrderSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero));

    protected override TimeProvider? Time => _clock;

    private Task<long> NewUserAsync(string id = "9") => InScopeAsync(async sp =>
        (await sp.GetRequiredService<UserDirectory>().FindOrCreateAsync(ChannelNames.Telegram, id, "Lan", null, CancellationToken.None)).Id);

    private Task<CreateOrderResult> CreateAsync(long user, string package) => InScopeAsync(sp =>
        sp.GetRequiredService<PaymentOrders>().CreateAsync(user, package, ChannelNames.Telegram, "9", CancellationToken.None));

    [Fact]
    public async Task A_new_order_carries_the_package_price_a_valid_code_and_a_30_minute_expiry()
    {
        var user = await NewUserAsync();

        var result = await CreateAsync(user, "standard");

        Assert.Equal(CreateOrderStatus.Created, result.Status);
        var order = result.Order!;
        Assert.Equal(("STANDARD", 120L, 99_000L, PaymentOrderStatus.Pending), (order.PackageCode, order.Credits, order.AmountVnd, order.Status));
        Assert.True(new OrderCodeFormat("SG").IsValid(order.OrderCode));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddMinutes(30), order.ExpiresAt);
    }

    [Fact]
    public async Task Asking_again_for_the_same_package_returns_the_open_order()
    {
        var user = await NewUserAsync();

        var first = await CreateAsync(user, "STARTER");
        var again = await CreateAsync(user, "STARTER");

        Assert.Equal(CreateOrderStatus.ReusedOpenOrder, again.Status);
        Assert.Equal(first.Order!.OrderCode, again.Order!.OrderCode);
    }

    [Fact]
    public async Task A_user_holds_at_most_three_open_orders()
    {
        var user = await NewUserAsync();
        foreach (var p in new[] { "STARTER", "STANDARD", "PRO" })
            Assert.Equal(CreateOrderStatus.Created, (await CreateAsync(user, p)).Status);

        var fourth = await CreateAsync(user, "STUDIO");

        Assert.Equal(CreateOrderStatus.TooManyOpenOrders, fourth.Status);
        Assert.Equal(3, (await InScopeAsync(sp => sp.GetRequiredService<PaymentOrders>().ListOpenAsync(user, CancellationToken.None))).Count);
    }

    [Fact]
    public async Task An_unknown_or_inactive_package_is_refused()
    {
        var user = await NewUserAsync();
        await InScopeAsync(sp => sp.GetRequiredService<CreditPackageCatalog>().SetActiveAsync("PRO", false, CancellationToken.None));

        Assert.Equal(CreateOrderStatus.UnknownPackage, (await CreateAsync(user, "NOPE")).Status);
        Assert.Equal(CreateOrderStatus.UnknownPackage, (await CreateAsync(user, "PRO")).Status);
    }

    [Fact]
    public async Task Orders_expire_after_their_ttl_and_no_longer_count_as_open()
    {
        var user = await NewUserAsync();
        var order = (await CreateAsync(user, "STARTER")).Order!;
        _clock.Advance(TimeSpan.FromMinutes(29));
        var early = await InScopeAsync(sp => sp.GetRequiredService<PaymentOrders>().ExpireDueAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(2));

        var expired = await InScopeAsync(sp => sp.GetRequiredService<PaymentOrders>().ExpireDueAsync(CancellationToken.None));
        var fresh = await CreateAsync(user, "STARTER");

        Assert.Equal((0, 1), (early, expired));
        Assert.Equal(PaymentOrderStatus.Expired, (await InScopeAsync(sp => sp.GetRequiredService<PaymentOrders>().FindAsync(order.OrderCode, CancellationToken.None)))!.Status);
        Assert.Equal(CreateOrderStatus.Created, fresh.Status);
        Assert.NotEqual(order.OrderCode, fresh.Order!.OrderCode);
    }

    [Fact]
    public async Task A_user_can_cancel_only_their_own_pending_order()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync("10");
        var order = (await CreateAsync(user, "STARTER")).Order!;

        var byOther = await InScopeAsync(sp => sp.GetRequiredService<PaymentOrders>().CancelAsync(other, order.OrderCode, CancellationToken.None));
        var byOwner = await InScopeAsync(sp => sp.GetRequiredService<PaymentOrders>().CancelAsync(user, order.OrderCode, CancellationToken.None));
        var again = await InScopeAsync(sp => sp.GetRequiredService<PaymentOrders>().CancelAsync(user, order.OrderCode, CancellationToken.None));

        Assert.Equal((false, true, false), (byOther, byOwner, again));
    }

    [Fact]
    public async Task A_users_orders_are_listed_newest_first_and_only_theirs()
    {
        var user = await NewUserAsync();
        var other = await NewUserAsync("10");
        var first = (await CreateAsync(user, "STARTER")).Order!;
        var second = (await CreateAsync(user, "PRO")).Order!;
        await CreateAsync(other, "STARTER");

        var listed = await InScopeAsync(sp => sp.GetRequiredService<PaymentOrders>().ListForUserAsync(user, 0, 10, CancellationToken.None));

        Assert.Equal([second.OrderCode, first.OrderCode], listed.Select(o => o.OrderCode));
    }
}
