using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Admin;
using SoraGateway.Ledger;
using SoraGateway.Persistence;

namespace SoraGateway.AdminCli;

/// <summary><c>credits balance|history|grant|deduct|refund</c>: a user's wallet.</summary>
internal static class CreditCommands
{
    public static Command Create(AdminContext context) => new("credits", "A user's wallet: balance, history, corrections, refunds.")
    {
        Balance(context),
        History(context),
        Adjust(context, "grant", "Give credits (goodwill, promotion).", debit: false),
        Adjust(context, "deduct", "Take credits back (correction). Refused if the balance does not cover it.", debit: true),
        Refund(context),
    };

    private static Command Balance(AdminContext context)
    {
        var user = new Argument<long>("user") { Description = "User id." };
        var command = new Command("balance", "The wallet balance.") { user };
        command.SetAction(async (parse, ct) =>
        {
            var balance = await context.WithServicesAsync(sp => sp.GetRequiredService<CreditLedger>().GetBalanceAsync(parse.GetValue(user), ct));
            await context.Table(parse, "user", "balance").Row(parse.GetValue(user), balance).WriteAsync();
            return 0;
        });
        return command;
    }

    private static Command History(AdminContext context)
    {
        var user = new Argument<long>("user") { Description = "User id." };
        var page = new Option<int>("--page") { Description = "0 = newest.", DefaultValueFactory = _ => 0 };
        var command = new Command("history", "Wallet movements, newest first (20 per page).") { user, page };
        command.SetAction(async (parse, ct) =>
        {
            var history = await context.WithServicesAsync(sp => sp.GetRequiredService<CreditLedger>()
                .GetHistoryAsync(parse.GetValue(user), parse.GetValue(page), 20, ct));
            var table = context.Table(parse, "transaction", "kind", "amount", "balance_after", "reference", "note", "at");
            foreach (var i in history.Items)
                table.Row(i.TransactionId, i.Kind.ToString(), i.Amount, i.BalanceAfter, i.Reference, i.Note, i.CreatedAt);
            await table.WriteAsync();
            return 0;
        });
        return command;
    }

    private static Command Adjust(AdminContext context, string name, string description, bool debit)
    {
        var user = new Argument<long>("user") { Description = "User id." };
        var amount = new Argument<long>("credits") { Description = "How many credits (positive)." };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the ledger and the audit trail).", Required = true };
        var actor = AdminContext.ActorOption();
        var command = new Command(name, description) { user, amount, reason, actor };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(amount) <= 0)
            {
                await context.Error.WriteLineAsync("The number of credits must be positive.");
                return 1;
            }

            var who = parse.GetRequiredValue(actor);
            var outcome = await context.WithServicesAsync(async sp =>
            {
                var db = sp.GetRequiredService<GatewayDbContext>();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var posting = new LedgerPosting(parse.GetValue(user), parse.GetValue(amount), debit ? LedgerKind.Adjustment : LedgerKind.Grant,
                    $"admin:{Guid.NewGuid():N}", $"admin:{who}", Note: parse.GetRequiredValue(reason));
                var ledger = sp.GetRequiredService<CreditLedger>();
                var result = debit ? await ledger.DebitAsync(posting, ct) : await ledger.CreditAsync(posting, ct);
                if (result.Succeeded)
                {
                    sp.GetRequiredService<AdminAuditTrail>().Record(who, $"credits.{name}", $"user {posting.UserId}",
                        $"{posting.Amount} credits: {posting.Note}");
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                }

                return result;
            });
            if (!outcome.Succeeded)
            {
                await context.Error.WriteLineAsync($"Refused: {outcome.Status} (balance {outcome.BalanceAfter}).");
                return 1;
            }

            await context.Output.WriteLineAsync($"Done: transaction {outcome.TransactionId}, balance now {outcome.BalanceAfter}.");
            return 0;
        });
        return command;
    }

    private static Command Refund(AdminContext context)
    {
        var debitKey = new Argument<string>("debit-key") { Description = "Idempotency key of the spend, e.g. video:42:debit." };
        var reason = new Option<string>("--reason") { Description = "Why.", Required = true };
        var actor = AdminContext.ActorOption();
        var command = new Command("refund", "Give a spend back, at most once (a second refund is a no-op).") { debitKey, reason, actor };
        command.SetAction(async (parse, ct) =>
        {
            var who = parse.GetRequiredValue(actor);
            var key = parse.GetRequiredValue(debitKey);
            var outcome = await context.WithServicesAsync(async sp =>
            {
                var db = sp.GetRequiredService<GatewayDbContext>();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var result = await sp.GetRequiredService<CreditLedger>().RefundAsync(
                    new RefundRequest(key, $"{key}:refund", $"admin:{who}", Note: parse.GetRequiredValue(reason)), ct);
                if (result.Status == LedgerStatus.Applied)
                    sp.GetRequiredService<AdminAuditTrail>().Record(who, "credits.refund", key, parse.GetRequiredValue(reason));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return result;
            });
            var message = outcome.Status switch
            {
                LedgerStatus.Applied => $"Refunded {outcome.Amount} credits; balance now {outcome.BalanceAfter}.",
                LedgerStatus.Replayed or LedgerStatus.AlreadyRefunded => $"Already refunded (transaction {outcome.TransactionId}); nothing changed.",
                _ => $"Refused: {outcome.Status}.",
            };
            await (outcome.Succeeded ? context.Output : context.Error).WriteLineAsync(message);
            return outcome.Succeeded ? 0 : 1;
        });
        return command;
    }
}
