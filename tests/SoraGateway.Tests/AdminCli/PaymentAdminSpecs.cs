using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.AdminCli;
using SoraGateway.Ledger;
using SoraGateway.Payments;
using SoraGateway.Payments.Casso;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;

namespace SoraGateway.Tests.AdminCli;

public sealed class PaymentAdminSpecs_Sqlite() : PaymentAdminSpecs(DatabaseProvider.Sqlite);

public sealed class PaymentAdminSpecs_Postgres() : PaymentAdminSpecs(DatabaseProvider.Postgres);

/// <summary>An operator resolving transfers and correcting wallets with sora-admin.</summary>
public abstract class PaymentAdminSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private async Task<(int Code, string Out, string Err)> AdminAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync(args, output, error, Database.Settings);
        return (code, output.ToString(), error.ToString());
    }

    private Task<IngestionResult> IngestAsync(long id, long amount, string memo) => InScopeAsync(sp =>
        sp.GetRequiredService<BankTransferIngestion>().IngestAsync(
            new IncomingBankTransfer(id, null, memo, amount, null, null, null, null, null, null, "{}"), "test", CancellationToken.None));

    private Task<(long User, PaymentOrder Order)> NewOrderAsync() => InScopeAsync(async sp =>
    {
        var user = await sp.GetRequiredService<UserDirectory>().FindOrCreateAsync(ChannelNames.Telegram, "321", "Minh", null, CancellationToken.None);
        return (user.Id, (await sp.GetRequiredService<PaymentOrders>().CreateAsync(user.Id, "STARTER", ChannelNames.Telegram, "321", CancellationToken.None)).Order!);
    });

    private Task<long> BalanceAsync(long user) => InScopeAsync(sp => sp.GetRequiredService<CreditLedger>().GetBalanceAsync(user, CancellationToken.None));

    [Fact]
    public async Task An_unmatched_transfer_is_listed_and_assigning_it_to_the_order_pays_the_order_once()
    {
        var (user, order) = await NewOrderAsync();
        var unmatched = await IngestAsync(100, order.AmountVnd, "chuyen tien cho Minh (quen ma)");

        var listed = await AdminAsync("payments", "unmatched", "--json");
        var assign = await AdminAsync("payments", "assign", unmatched.BankTransactionId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--order", order.OrderCode, "--actor", "thu");
        var again = await AdminAsync("payments", "assign", unmatched.BankTransactionId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--order", order.OrderCode);
        var listedAfter = await AdminAsync("payments", "unmatched", "--json");

        Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(listed.Out)!);
        Assert.Equal(0, assign.Code);
        Assert.Contains("Credited", assign.Out, StringComparison.Ordinal);
        Assert.Equal(1, again.Code);
        Assert.Empty(JsonSerializer.Deserialize<List<JsonElement>>(listedAfter.Out)!);
        Assert.Equal(order.Credits, await BalanceAsync(user));
        var trail = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().AdminActions.SingleAsync());
        Assert.Equal(("thu", "payment.assign-order"), (trail.Actor, trail.Action));
        Assert.True((await InScopeAsync(sp => sp.GetRequiredService<LedgerAudit>().RunAsync(CancellationToken.None))).IsClean);
    }

    [Fact]
    public async Task A_surplus_transfer_can_be_credited_to_the_user_and_the_audit_stays_clean()
    {
        var (user, order) = await NewOrderAsync();
        await IngestAsync(200, order.AmountVnd, order.OrderCode);
        var surplus = await IngestAsync(201, order.AmountVnd, order.OrderCode);

        var assign = await AdminAsync("payments", "assign", surplus.BankTransactionId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--user", user.ToString(System.Globalization.CultureInfo.InvariantCulture), "--credits", "50");

        Assert.Equal(IngestionOutcome.Surplus, surplus.Outcome);
        Assert.Equal(0, assign.Code);
        Assert.Equal(order.Credits + 50, await BalanceAsync(user));
        var report = await InScopeAsync(sp => sp.GetRequiredService<LedgerAudit>().RunAsync(CancellationToken.None));
        Assert.True(report.IsClean, string.Join("; ", report.Violations));
    }

    [Fact]
    public async Task Credits_grant_deduct_and_refund_go_through_the_ledger_with_a_reason()
    {
        var (user, _) = await NewOrderAsync();
        var id = user.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var grant = await AdminAsync("credits", "grant", id, "30", "--reason", "xin loi vi su co");
        var tooMuch = await AdminAsync("credits", "deduct", id, "31", "--reason", "nham");
        var deduct = await AdminAsync("credits", "deduct", id, "10", "--reason", "nham");
        await InScopeAsync(sp => sp.GetRequiredService<CreditLedger>().DebitAsync(
            new LedgerPosting(user, 5, LedgerKind.Spend, "video:abc:debit", "test"), CancellationToken.None));
        var refund = await AdminAsync("credits", "refund", "video:abc:debit", "--reason", "video hong");
        var refundAgain = await AdminAsync("credits", "refund", "video:abc:debit", "--reason", "video hong");
        var noDebit = await AdminAsync("credits", "refund", "video:nope:debit", "--reason", "x");
        var history = await AdminAsync("credits", "history", id, "--json");

        Assert.Equal((0, 1, 0, 0, 0, 1), (grant.Code, tooMuch.Code, deduct.Code, refund.Code, refundAgain.Code, noDebit.Code));
        Assert.Contains("Already refunded", refundAgain.Out, StringComparison.Ordinal);
        Assert.Equal(20, await BalanceAsync(user));
        Assert.Equal(4, JsonSerializer.Deserialize<List<JsonElement>>(history.Out)!.Count);
        Assert.Equal(3, await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().AdminActions.CountAsync()));
    }
}
