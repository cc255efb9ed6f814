using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Ledger;
using SoraGateway.Payments;
using SoraGateway.Persistence;
using SoraGateway.Testing;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;

namespace SoraGateway.Tests.Payments;

public sealed class PaymentReconcilerSpecs_Sqlite() : PaymentReconcilerSpecs(DatabaseProvider.Sqlite);

public sealed class PaymentReconcilerSpecs_Postgres() : PaymentReconcilerSpecs(DatabaseProvider.Postgres);

/// <summary>Reconciliation against an in-process Casso API over real HTTP.</summary>
public abstract class PaymentReconcilerSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private FakeCassoApi? _casso;
    private ServiceProvider? _services;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _casso = await FakeCassoApi.StartAsync();
        var settings = new Dictionary<string, string?>(CassoDeliveries.Settings)
        {
            ["Casso:ApiKey"] = FakeCassoApi.ApiKey,
            ["Casso:ApiBaseUrl"] = _casso.BaseUrl.ToString(),
        };
        _services = Database.CreateServices(settings: settings);
    }

    public override async Task DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        if (_casso is not null)
            await _casso.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _services!.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<(long User, PaymentOrder Order)> NewOrderAsync() => WithAsync(async sp =>
    {
        var user = await sp.GetRequiredService<UserDirectory>().FindOrCreateAsync(ChannelNames.Telegram, "77", "An", null, CancellationToken.None);
        return (user.Id, (await sp.GetRequiredService<PaymentOrders>().CreateAsync(user.Id, "PRO", ChannelNames.Telegram, "77", CancellationToken.None)).Order!);
    });

    [Fact]
    public async Task A_transfer_no_webhook_delivered_is_found_by_reconciliation_and_credited_once()
    {
        var (user, order) = await NewOrderAsync();
        _casso!.Add(5001, order.AmountVnd, $"{order.OrderCode} FT22298536396686");
        _casso.Add(5002, 10_000, "an trua");

        var first = await WithAsync(sp => sp.GetRequiredService<PaymentReconciler>().ReconcileAsync(CancellationToken.None));
        var second = await WithAsync(sp => sp.GetRequiredService<PaymentReconciler>().ReconcileAsync(CancellationToken.None));

        Assert.Equal((2, 0), (first, second));
        Assert.Equal(order.Credits, await WithAsync(sp => sp.GetRequiredService<CreditLedger>().GetBalanceAsync(user, CancellationToken.None)));
        Assert.Equal("reconciler", await WithAsync(sp => sp.GetRequiredService<GatewayDbContext>().BankTransactions.Where(b => b.ProviderTransactionId == "5001").Select(b => b.Source).SingleAsync()));
    }

    [Fact]
    public async Task I_have_paid_asks_casso_to_sync_the_account_then_reports_the_paid_order()
    {
        var (_, order) = await NewOrderAsync();
        _casso!.Add(6001, order.AmountVnd, $"IBFT {order.OrderCode}");

        var checkedOrder = await WithAsync(sp => sp.GetRequiredService<PaymentReconciler>().CheckOrderAsync(order.OrderCode, CancellationToken.None));

        Assert.Equal(PaymentOrderStatus.Paid, checkedOrder!.Status);
        Assert.Equal(["1234567890"], _casso.SyncedAccounts);
    }

    [Fact]
    public async Task Pages_are_followed_until_the_last()
    {
        var (_, order) = await NewOrderAsync();
        for (var i = 0; i < 230; i++)
            _casso!.Add(7000 + i, 1_000, $"khac {i}");

        var fresh = await WithAsync(sp => sp.GetRequiredService<PaymentReconciler>().ReconcileAsync(CancellationToken.None));

        Assert.Equal(230, fresh);
        Assert.Equal(3, _casso!.TransactionRequests);
        Assert.Equal(PaymentOrderStatus.Pending, (await WithAsync(sp => sp.GetRequiredService<PaymentOrders>().FindAsync(order.OrderCode, CancellationToken.None)))!.Status);
    }
}
