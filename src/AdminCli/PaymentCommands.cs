using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Payments;
using SoraGateway.Persistence;

namespace SoraGateway.AdminCli;

/// <summary><c>payments qr|orders|unmatched|assign|reconcile</c>.</summary>
internal static class PaymentCommands
{
    public static Command Create(AdminContext context) => new("payments", "Bank transfers, payment orders and VietQR codes.")
    {
        PaymentQrCommand.Create(context),
        Orders(context),
        Unmatched(context),
        Assign(context),
        Reconcile(context),
    };

    private static Command Orders(AdminContext context)
    {
        var user = new Option<long?>("--user") { Description = "Only this user's orders." };
        var status = new Option<PaymentOrderStatus?>("--status") { Description = "Pending, Paid, Underpaid, Expired or Cancelled." };
        var limit = new Option<int>("--limit") { Description = "Newest N orders.", DefaultValueFactory = _ => 50 };
        var command = new Command("orders", "Payment orders, newest first.") { user, status, limit };
        command.SetAction(async (parse, ct) =>
        {
            var orders = await context.WithServicesAsync(sp =>
            {
                var query = sp.GetRequiredService<GatewayDbContext>().PaymentOrders.AsNoTracking();
                if (parse.GetValue(user) is { } u)
                    query = query.Where(o => o.UserId == u);
                if (parse.GetValue(status) is { } s)
                    query = query.Where(o => o.Status == s);
                return query.OrderByDescending(o => o.Id).Take(parse.GetValue(limit)).ToListAsync(ct);
            });
            var table = context.Table(parse, "code", "user", "package", "amount_vnd", "received_vnd", "status", "created_at", "expires_at");
            foreach (var o in orders)
                table.Row(o.OrderCode, o.UserId, o.PackageCode, o.AmountVnd, o.ReceivedVnd, o.Status.ToString(), o.CreatedAt, o.ExpiresAt);
            await table.WriteAsync();
            return 0;
        });
        return command;
    }

    private static Command Unmatched(AdminContext context)
    {
        var command = new Command("unmatched", "Transfers waiting for an admin: no order found (Unmatched) or an order already paid (Surplus).");
        command.SetAction(async (parse, ct) =>
        {
            var rows = await context.WithServicesAsync(sp => sp.GetRequiredService<GatewayDbContext>().BankTransactions.AsNoTracking()
                .Where(b => (b.Status == BankTransactionStatus.Unmatched || b.Status == BankTransactionStatus.Surplus) && b.LedgerTransactionId == null)
                .OrderBy(b => b.Id).ToListAsync(ct));
            var table = context.Table(parse, "id", "casso_id", "amount_vnd", "status", "description", "sender", "received_at", "note");
            foreach (var b in rows)
                table.Row(b.Id, b.ProviderTransactionId, b.AmountVnd, b.Status.ToString(), b.Description, b.CounterAccountName, b.ReceivedAt, b.Note);
            await table.WriteAsync();
            return 0;
        });
        return command;
    }

    private static Command Assign(AdminContext context)
    {
        var id = new Argument<long>("bank-transaction") { Description = "Id from `payments unmatched`." };
        var order = new Option<string?>("--order") { Description = "Count the transfer toward this order (as if its memo had named it)." };
        var user = new Option<long?>("--user") { Description = "Credit this user directly (with --credits)." };
        var credits = new Option<long?>("--credits") { Description = "Credits to give the user." };
        var actor = AdminContext.ActorOption();
        var command = new Command("assign", "Resolve an unmatched or surplus transfer.") { id, order, user, credits, actor };
        command.SetAction(async (parse, ct) =>
        {
            var who = parse.GetRequiredValue(actor);
            try
            {
                var result = await context.WithServicesAsync(sp =>
                {
                    var ingestion = sp.GetRequiredService<BankTransferIngestion>();
                    return parse.GetValue(order) is { } code
                        ? ingestion.AssignToOrderAsync(parse.GetValue(id), code, who, ct)
                        : parse.GetValue(user) is { } u && parse.GetValue(credits) is { } c
                            ? ingestion.AssignToUserAsync(parse.GetValue(id), u, c, who, ct)
                            : throw new InvalidOperationException("Give --order CODE, or --user ID with --credits N.");
                });
                await context.Output.WriteLineAsync($"Bank transaction {result.BankTransactionId}: {result.Outcome}{(result.OrderCode is null ? "" : $" (order {result.OrderCode})")}.");
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                await context.Error.WriteLineAsync(ex.Message);
                return 1;
            }
        });
        return command;
    }

    private static Command Reconcile(AdminContext context)
    {
        var command = new Command("reconcile", "Pull recent transactions from Casso's API now (needs Casso:ApiKey).");
        command.SetAction(async (parse, ct) =>
        {
            var (enabled, fresh) = await context.WithServicesAsync(async sp =>
            {
                var reconciler = sp.GetRequiredService<PaymentReconciler>();
                return (reconciler.IsEnabled, reconciler.IsEnabled ? await reconciler.ReconcileAsync(ct) : 0);
            });
            if (!enabled)
            {
                await context.Error.WriteLineAsync("Casso:ApiKey is not set: nothing to reconcile with.");
                return 1;
            }

            await context.Output.WriteLineAsync($"{fresh} transaction(s) were new.");
            return 0;
        });
        return command;
    }
}
