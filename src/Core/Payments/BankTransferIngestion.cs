using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Admin;
using SoraGateway.Ledger;
using SoraGateway.Outbox;
using SoraGateway.Payments.Casso;
using SoraGateway.Persistence;

namespace SoraGateway.Payments;

/// <summary>
/// The one way a bank transfer enters the gateway, whoever reports it (Casso webhook V2 or V1,
/// the reconciler, the local bank simulator). Idempotent on the provider's transaction id: the
/// transfer is stored once, matched to an order by the code in its memo, and — when the order is
/// covered — credited, with the order's new status and the user's notification, in one
/// database transaction.
/// </summary>
public sealed class BankTransferIngestion(
    GatewayDbContext db,
    CreditLedger ledger,
    Outbox.Outbox outbox,
    AdminAuditTrail audit,
    IOptions<PaymentOptions> options,
    TimeProvider time,
    ILogger<BankTransferIngestion> logger)
{
    public const string Provider = "casso";
    private readonly OrderCodeFormat _codes = new(options.Value.CodePrefix);

    /// <summary>Stores and applies one reported transfer. Safe to call any number of times for the same transfer.</summary>
    public async Task<IngestionResult> IngestAsync(IncomingBankTransfer transfer, string source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var now = time.GetUtcNow().UtcDateTime;
        // The whole ingestion is one transaction already; EF's own savepoint around SaveChanges
        // would only add round trips. Restored after, for whatever else uses this scope's context.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            return await IngestInTransactionAsync(transfer, source, now, ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }
    }

    private async Task<IngestionResult> IngestInTransactionAsync(IncomingBankTransfer transfer, string source, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var bankTransactionId = await (await db.CommandAsync("""
            INSERT INTO bank_transactions (provider, provider_transaction_id, amount_vnd, description, bank_reference,
                counter_account_name, counter_account_number, occurred_at, received_at, source, raw_json, status)
            VALUES (@provider, @provider_id, @amount, @description, @reference,
                @counter_name, @counter_number, @occurred_at, @now, @source, @raw, @status)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, ct))
            .With("provider", Provider)
            .With("provider_id", transfer.CassoId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("amount", transfer.AmountVnd)
            .With("description", transfer.Description)
            .With("reference", transfer.BankReference)
            .With("counter_name", transfer.CounterAccountName)
            .With("counter_number", transfer.CounterAccountNumber)
            .With("occurred_at", transfer.OccurredAtUtc)
            .With("now", now)
            .With("source", source)
            .With("raw", transfer.RawJson)
            .With("status", BankTransactionStatus.Unmatched.ToString())
            .ScalarInt64Async(ct);
        if (bankTransactionId is not { } id)
        {
            await tx.RollbackAsync(ct);
            return new IngestionResult(IngestionOutcome.Duplicate, null, null);
        }

        var row = new BankTransaction
        {
            Id = id,
            Provider = Provider,
            ProviderTransactionId = transfer.CassoId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AmountVnd = transfer.AmountVnd,
            Description = transfer.Description,
            BankReference = transfer.BankReference,
            CounterAccountName = transfer.CounterAccountName,
            CounterAccountNumber = transfer.CounterAccountNumber,
            OccurredAt = transfer.OccurredAtUtc,
            ReceivedAt = now,
            Source = source,
            RawJson = transfer.RawJson,
            Status = BankTransactionStatus.Unmatched,
        };
        db.BankTransactions.Attach(row);
        var result = await ApplyAsync(row, transfer, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Bank transaction {Provider}:{Id} ({Amount} VND) from {Source}: {Outcome} {Order}",
            Provider, transfer.CassoId, transfer.AmountVnd, source, result.Outcome, result.OrderCode);
        return result;
    }

    private async Task<IngestionResult> ApplyAsync(BankTransaction row, IncomingBankTransfer transfer, DateTime now, CancellationToken ct)
    {
        var bankTransactionId = row.Id;
        if (transfer.IsTestCall || transfer.AmountVnd <= 0)
        {
            row.Status = BankTransactionStatus.Ignored;
            row.Note = transfer.IsTestCall ? "Casso test call" : "money going out";
            return new IngestionResult(IngestionOutcome.Ignored, bankTransactionId, null);
        }

        var candidates = _codes.FindCandidates(transfer.Description);
        var order = candidates.Count == 0 ? null : await CountTowardOrderAsync(candidates, row.AmountVnd, now, ct);
        if (order is null)
        {
            row.Note = candidates.Count == 0 ? "no order code in the memo" : $"no order {string.Join(", ", candidates)}";
            return new IngestionResult(IngestionOutcome.Unmatched, bankTransactionId, null);
        }

        return await SettleAsync(row, order, ct);
    }

    /// <summary>
    /// Adds the transfer to the first existing order among the candidates and moves its status, in
    /// one statement under the order's row lock: two transfers for one order (several webhooks at
    /// once) add up, and exactly one of them sees the order become covered.
    /// </summary>
    private async Task<CountedOrder?> CountTowardOrderAsync(IReadOnlyList<string> candidates, long amount, DateTime now, CancellationToken ct)
    {
        var codes = string.Join(", ", candidates.Select((_, i) => $"@code{i}"));
        // Paid <=> received >= amount (received only grows), so the status before this transfer is
        // known from the old received amount, which SET expressions see.
        await using var command = await db.CommandAsync($"""
            UPDATE payment_orders SET
                received_vnd = received_vnd + @amount,
                status = CASE WHEN received_vnd + @amount >= amount_vnd THEN 'Paid' ELSE 'Underpaid' END,
                paid_at = CASE WHEN received_vnd < amount_vnd AND received_vnd + @amount >= amount_vnd THEN @now ELSE paid_at END
            WHERE id = (SELECT id FROM payment_orders WHERE order_code IN ({codes}) ORDER BY id LIMIT 1)
            RETURNING id, order_code, user_id, package_code, credits, amount_vnd, received_vnd, channel, chat_id
            """, ct);
        command.With("amount", amount).With("now", now);
        for (var i = 0; i < candidates.Count; i++)
            command.With($"code{i}", candidates[i]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            return null;
        return new CountedOrder(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4),
            reader.GetInt64(5), reader.GetInt64(6), reader.GetString(7), reader.GetString(8), amount);
    }

    /// <summary>Credits, notifies or holds, depending on what the transfer did to the order.</summary>
    private async Task<IngestionResult> SettleAsync(BankTransaction row, CountedOrder order, CancellationToken ct)
    {
        row.OrderId = order.Id;
        if (order.WasPaidBefore)
        {
            row.Status = BankTransactionStatus.Surplus;
            row.Note = $"order {order.OrderCode} was already paid";
            outbox.Enqueue(order.UserId, order.Channel, order.ChatId, OutboxKinds.PaymentSurplus,
                new PaymentSurplusNotice(order.OrderCode, row.AmountVnd));
            return new IngestionResult(IngestionOutcome.Surplus, row.Id, order.OrderCode);
        }

        row.Status = BankTransactionStatus.Matched;
        if (!order.IsPaidNow)
        {
            outbox.Enqueue(order.UserId, order.Channel, order.ChatId, OutboxKinds.PaymentUnderpaid,
                new PaymentUnderpaidNotice(order.OrderCode, order.AmountVnd, order.ReceivedVnd, order.AmountVnd - order.ReceivedVnd));
            return new IngestionResult(IngestionOutcome.Underpaid, row.Id, order.OrderCode);
        }

        var credit = (await ledger.CreditAsync(new LedgerPosting(order.UserId, order.Credits, LedgerKind.Purchase,
            CreditKey(row), Actor: Provider, Reference: order.OrderCode,
            Note: $"{order.PackageCode}: {order.ReceivedVnd} VND received for {order.AmountVnd} VND"), ct)).EnsureSucceeded();
        row.LedgerTransactionId = credit.TransactionId;
        outbox.Enqueue(order.UserId, order.Channel, order.ChatId, OutboxKinds.PaymentCredited,
            new PaymentCreditedNotice(order.OrderCode, order.Credits, order.AmountVnd, order.ReceivedVnd, credit.BalanceAfter));
        return new IngestionResult(IngestionOutcome.Credited, row.Id, order.OrderCode);
    }

    private sealed record CountedOrder(long Id, string OrderCode, long UserId, string PackageCode, long Credits,
        long AmountVnd, long ReceivedVnd, string Channel, string ChatId, long ThisTransfer)
    {
        public bool WasPaidBefore => ReceivedVnd - ThisTransfer >= AmountVnd;
        public bool IsPaidNow => ReceivedVnd >= AmountVnd;
    }

    /// <summary>
    /// An admin decides where an unmatched (or surplus) transfer belongs: toward an order, as if
    /// its memo had named it.
    /// </summary>
    public async Task<IngestionResult> AssignToOrderAsync(long bankTransactionId, string orderCode, string actor, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await AssignableAsync(bankTransactionId, ct);
        if (row.Status == BankTransactionStatus.Surplus)
            throw new InvalidOperationException("A surplus transfer already counts toward its order; assign it to a user instead.");
        var order = await CountTowardOrderAsync([orderCode.Trim().ToUpperInvariant()], row.AmountVnd, time.GetUtcNow().UtcDateTime, ct)
            ?? throw new InvalidOperationException($"No order {orderCode}.");
        var result = await SettleAsync(row, order, ct);
        audit.Record(actor, "payment.assign-order", $"bank transaction {row.Id}", $"order {order.OrderCode}: {result.Outcome}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>An admin credits an unmatched or surplus transfer straight to a user's wallet.</summary>
    public async Task<IngestionResult> AssignToUserAsync(long bankTransactionId, long userId, long credits, string actor, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(credits);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = await AssignableAsync(bankTransactionId, ct);
        var credit = await ledger.CreditAsync(new LedgerPosting(userId, credits, LedgerKind.Purchase, CreditKey(row),
            Actor: $"admin:{actor}", Reference: $"bank:{row.Id}", Note: $"assigned by {actor}: {row.AmountVnd} VND"), ct);
        if (!credit.Succeeded)
            throw new InvalidOperationException($"The ledger refused the credit: {credit.Status}.");
        row.Status = BankTransactionStatus.Assigned;
        row.LedgerTransactionId = credit.TransactionId;
        row.Note = $"assigned to user {userId} by {actor}";
        audit.Record(actor, "payment.assign-user", $"bank transaction {row.Id}", $"user {userId}: {credits} credits");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IngestionResult(IngestionOutcome.Credited, row.Id, null);
    }

    private async Task<BankTransaction> AssignableAsync(long bankTransactionId, CancellationToken ct)
    {
        var row = await db.BankTransactions.SingleOrDefaultAsync(b => b.Id == bankTransactionId, ct)
            ?? throw new InvalidOperationException($"No bank transaction {bankTransactionId}.");
        if (row.Status is not (BankTransactionStatus.Unmatched or BankTransactionStatus.Surplus) || row.LedgerTransactionId is not null)
            throw new InvalidOperationException($"Bank transaction {bankTransactionId} is {row.Status}; only unmatched or surplus transfers can be assigned.");
        return row;
    }

    /// <summary>Ledger idempotency key of the credit a bank transaction pays for: <c>casso:&lt;id&gt;</c>.</summary>
    public static string CreditKey(BankTransaction row) => $"{row.Provider}:{row.ProviderTransactionId}";
}

/// <summary>What <see cref="BankTransferIngestion.IngestAsync"/> did with a transfer.</summary>
public sealed record IngestionResult(IngestionOutcome Outcome, long? BankTransactionId, string? OrderCode);

/// <summary>The possible fates of a reported transfer.</summary>
public enum IngestionOutcome
{
    /// <summary>Already stored earlier: nothing changed.</summary>
    Duplicate,

    /// <summary>Casso's test call or money going out: stored, never credited.</summary>
    Ignored,

    /// <summary>No order in the memo: stored for an admin.</summary>
    Unmatched,

    /// <summary>Counted toward an order that is still not covered; the user is told the missing amount.</summary>
    Underpaid,

    /// <summary>The order is now covered and its credits are in the wallet.</summary>
    Credited,

    /// <summary>The order had already been paid: stored for an admin.</summary>
    Surplus,
}
