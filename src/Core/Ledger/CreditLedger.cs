using Microsoft.EntityFrameworkCore;
using SoraGateway.Persistence;

namespace SoraGateway.Ledger;

/// <summary>
/// The only way credits move. Every movement is one append-only transaction with two legs (the
/// user's wallet and a system account), a unique idempotency key, and the cached wallet balance
/// updated in the same database transaction. Debits are conditional in a single statement, so
/// concurrent debits can never overdraw on either database.
/// </summary>
/// <remarks>
/// When the caller already has a transaction open on the context, the ledger joins it (with a
/// savepoint) so that, e.g., a debit and the video job it pays for commit together.
/// </remarks>
public sealed class CreditLedger(GatewayDbContext db, TimeProvider time)
{
    public const int MaxKeyLength = 200;

    /// <summary>Adds credits to a wallet (purchase, grant, positive adjustment).</summary>
    public Task<LedgerOutcome> CreditAsync(LedgerPosting posting, CancellationToken ct)
    {
        Validate(posting);
        if (posting.Kind is not (LedgerKind.Purchase or LedgerKind.Grant or LedgerKind.Adjustment))
            throw new ArgumentException($"{posting.Kind} is not a credit.", nameof(posting));
        return PostAsync(posting, +posting.Amount, refundOf: null, ct);
    }

    /// <summary>Takes credits from a wallet if, and only if, the balance covers them.</summary>
    public Task<LedgerOutcome> DebitAsync(LedgerPosting posting, CancellationToken ct)
    {
        Validate(posting);
        if (posting.Kind is not (LedgerKind.Spend or LedgerKind.Adjustment))
            throw new ArgumentException($"{posting.Kind} is not a debit.", nameof(posting));
        return PostAsync(posting, -posting.Amount, refundOf: null, ct);
    }

    /// <summary>
    /// Gives back a debit (spend) at most once: a second refund of the same debit, under any key,
    /// writes nothing. A refund without a debit is refused.
    /// </summary>
    public async Task<LedgerOutcome> RefundAsync(RefundRequest request, CancellationToken ct)
    {
        ValidateKey(request.IdempotencyKey);
        ValidateKey(request.DebitKey);
        var debit = await db.LedgerTransactions.AsNoTracking()
            .Where(t => t.IdempotencyKey == request.DebitKey)
            .Select(t => new { t.Id, t.UserId, t.Amount, t.Kind, t.Reference })
            .SingleOrDefaultAsync(ct);
        if (debit is null || debit.Kind != LedgerKind.Spend)
            return new LedgerOutcome(LedgerStatus.NothingToRefund, 0, debit?.UserId ?? 0, 0, 0);

        var amount = request.Amount ?? -debit.Amount;
        if (amount <= 0 || amount > -debit.Amount)
            throw new ArgumentOutOfRangeException(nameof(request), $"A refund must be between 1 and {-debit.Amount} credits.");

        var posting = new LedgerPosting(debit.UserId, amount, LedgerKind.Refund, request.IdempotencyKey,
            request.Actor, debit.Reference, request.Note);
        return await PostAsync(posting, +amount, refundOf: debit.Id, ct);
    }

    /// <summary>The wallet's current balance (0 for a user without a wallet).</summary>
    public async Task<long> GetBalanceAsync(long userId, CancellationToken ct) =>
        await db.CreditAccounts.AsNoTracking().Where(a => a.UserId == userId).Select(a => a.Balance).SingleOrDefaultAsync(ct);

    /// <summary>One page of the user's movements, newest first.</summary>
    public async Task<LedgerHistoryPage> GetHistoryAsync(long userId, int page, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var query = db.LedgerEntries.AsNoTracking().Where(e => e.UserId == userId && e.Account == LedgerAccounts.User);
        var total = await query.CountAsync(ct);
        var items = await query
            .OrderByDescending(e => e.Id)
            .Skip(page * pageSize)
            .Take(pageSize)
            .Join(db.LedgerTransactions, e => e.TransactionId, t => t.Id, (e, t) => new LedgerHistoryItem(
                t.Id, t.Kind, e.Amount, e.BalanceAfter ?? 0, t.Reference, t.Note, t.CreatedAt))
            .ToListAsync(ct);
        // The join may not keep the order on every provider.
        items.Sort((a, b) => b.TransactionId.CompareTo(a.TransactionId));
        return new LedgerHistoryPage(items, page, pageSize, total);
    }

    private async Task<LedgerOutcome> PostAsync(LedgerPosting posting, long signedAmount, long? refundOf, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // Only a debit can be refused after its key is claimed (the balance does not cover it);
        // a credit either writes everything or nothing, so inside a caller's transaction it
        // needs no savepoint.
        await using var tx = await db.BeginNestedAsync(ct, mayUndo: signedAmount < 0);
        var (transactionId, balanceAfter) = db.Provider == DatabaseProvider.Postgres
            ? await PostInOneStatementAsync(posting, signedAmount, refundOf, now, ct)
            : await PostStepByStepAsync(posting, signedAmount, refundOf, now, ct);

        if (transactionId is { } id && balanceAfter is { } balance)
        {
            await tx.CommitAsync(ct);
            return new LedgerOutcome(LedgerStatus.Applied, id, posting.UserId, signedAmount, balance);
        }

        await tx.RollbackAsync(ct);
        if (transactionId is null)
            return await ReplayAsync(posting, signedAmount, refundOf, ct);

        // The key was free but the balance did not cover the debit. A concurrent request with the
        // same key may have committed meanwhile: report its outcome rather than a refusal.
        var replay = await ReplayAsync(posting, signedAmount, refundOf, ct);
        return replay.Status == LedgerStatus.UnknownAccount
            ? new LedgerOutcome(LedgerStatus.InsufficientFunds, 0, posting.UserId, 0, await GetBalanceAsync(posting.UserId, ct))
            : replay;
    }

    /// <summary>
    /// SQLite (writers already serialised by <c>BEGIN IMMEDIATE</c>): claim the key, move the
    /// balance conditionally, write the legs. Returns (null, _) when the key is taken or the wallet
    /// unknown, (id, null) when the balance does not cover the debit.
    /// </summary>
    private async Task<(long? TransactionId, long? BalanceAfter)> PostStepByStepAsync(
        LedgerPosting posting, long signedAmount, long? refundOf, DateTime now, CancellationToken ct)
    {
        var transactionId = await (await db.CommandAsync($"""
            INSERT INTO ledger_transactions ({TransactionColumns})
            SELECT {TransactionValues}
            WHERE EXISTS (SELECT 1 FROM credit_accounts WHERE user_id = @user)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, ct)).WithPosting(posting, signedAmount, refundOf, now).ScalarInt64Async(ct);
        if (transactionId is null)
            return (null, null);

        var balanceAfter = await (await db.CommandAsync("""
            UPDATE credit_accounts
            SET balance = balance + @amount, version = version + 1, updated_at = @now
            WHERE user_id = @user AND balance + @amount >= 0
            RETURNING balance
            """, ct)).WithPosting(posting, signedAmount, refundOf, now).ScalarInt64Async(ct);
        if (balanceAfter is null)
            return (transactionId, null);

        await (await db.CommandAsync("""
            INSERT INTO ledger_entries (transaction_id, account, user_id, amount, balance_after, created_at)
            VALUES (@tx, 'user', @user, @amount, @balance_after, @now),
                   (@tx, @system_account, @user, -@amount, NULL, @now)
            """, ct)).WithPosting(posting, signedAmount, refundOf, now)
            .With("tx", transactionId.Value)
            .With("balance_after", balanceAfter.Value)
            .ExecuteAsync(ct);
        return (transactionId, balanceAfter);
    }

    /// <summary>
    /// PostgreSQL: the same three steps as one statement (one round trip, and the wallet row is
    /// locked only for that statement and the commit). The wallet moves only if the key was
    /// claimed; the legs are written only if the wallet moved. Same results as the step-by-step path.
    /// </summary>
    private async Task<(long? TransactionId, long? BalanceAfter)> PostInOneStatementAsync(
        LedgerPosting posting, long signedAmount, long? refundOf, DateTime now, CancellationToken ct)
    {
        var command = await db.CommandAsync($"""
            WITH claimed AS (
                INSERT INTO ledger_transactions ({TransactionColumns})
                SELECT {TransactionValues}
                WHERE EXISTS (SELECT 1 FROM credit_accounts WHERE user_id = @user)
                ON CONFLICT DO NOTHING
                RETURNING id
            ), wallet AS (
                UPDATE credit_accounts
                SET balance = balance + @amount, version = version + 1, updated_at = @now
                WHERE user_id = @user AND balance + @amount >= 0 AND EXISTS (SELECT 1 FROM claimed)
                RETURNING balance
            ), legs AS (
                INSERT INTO ledger_entries (transaction_id, account, user_id, amount, balance_after, created_at)
                SELECT claimed.id, 'user', @user, @amount, wallet.balance, @now FROM claimed, wallet
                UNION ALL
                SELECT claimed.id, @system_account, @user, -@amount, NULL, @now FROM claimed, wallet
            )
            SELECT (SELECT id FROM claimed), (SELECT balance FROM wallet)
            """, ct);
        command.WithPosting(posting, signedAmount, refundOf, now);
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (await reader.IsDBNullAsync(0, ct) ? null : reader.GetInt64(0),
                await reader.IsDBNullAsync(1, ct) ? null : reader.GetInt64(1));
        }
    }

    private const string TransactionColumns =
        "idempotency_key, kind, user_id, amount, reference, actor, note, refund_of, created_at";

    private const string TransactionValues =
        "@key, @kind, @user, @amount, @reference, @actor, @note, @refund_of, @now";

    /// <summary>The key (or the refunded debit) is taken: return the first outcome, or report the conflict.</summary>
    private async Task<LedgerOutcome> ReplayAsync(LedgerPosting posting, long signedAmount, long? refundOf, CancellationToken ct)
    {
        var first = await FindAsync("t.idempotency_key = @value", posting.IdempotencyKey, ct);
        if (first is not null)
        {
            var same = first.Kind == posting.Kind.ToString() && first.UserId == posting.UserId
                && first.Amount == signedAmount && first.RefundOf == refundOf;
            return new LedgerOutcome(same ? LedgerStatus.Replayed : LedgerStatus.KeyConflict,
                first.Id, first.UserId, first.Amount, first.BalanceAfter);
        }

        if (refundOf is { } debitId)
        {
            var refund = await FindAsync("t.refund_of = @value", debitId, ct);
            if (refund is not null)
                return new LedgerOutcome(LedgerStatus.AlreadyRefunded, refund.Id, refund.UserId, refund.Amount, refund.BalanceAfter);
        }

        return new LedgerOutcome(LedgerStatus.UnknownAccount, 0, posting.UserId, 0, 0);
    }

    private async Task<RecordedTransaction?> FindAsync(string condition, object value, CancellationToken ct)
    {
        var command = await db.CommandAsync($"""
            SELECT t.id, t.kind, t.user_id, t.amount, t.refund_of, e.balance_after
            FROM ledger_transactions t
            JOIN ledger_entries e ON e.transaction_id = t.id AND e.account = 'user'
            WHERE {condition}
            """, ct);
        command.With("value", value, value is long ? System.Data.DbType.Int64 : System.Data.DbType.String);
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
                return null;
            return new RecordedTransaction(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                await reader.IsDBNullAsync(4, ct) ? null : reader.GetInt64(4), reader.GetInt64(5));
        }
    }

    private sealed record RecordedTransaction(long Id, string Kind, long UserId, long Amount, long? RefundOf, long BalanceAfter);

    private static void Validate(LedgerPosting posting)
    {
        ArgumentNullException.ThrowIfNull(posting);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(posting.Amount);
        ArgumentException.ThrowIfNullOrWhiteSpace(posting.Actor);
        ValidateKey(posting.IdempotencyKey);
    }

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > MaxKeyLength)
            throw new ArgumentException($"Idempotency keys are at most {MaxKeyLength} characters.", nameof(key));
    }
}

/// <summary>One movement of a wallet as the user sees it.</summary>
public sealed record LedgerHistoryItem(
    long TransactionId, LedgerKind Kind, long Amount, long BalanceAfter, string? Reference, string? Note, DateTime CreatedAt);

/// <summary>A page of <see cref="LedgerHistoryItem"/>, newest first.</summary>
public sealed record LedgerHistoryPage(IReadOnlyList<LedgerHistoryItem> Items, int Page, int PageSize, int TotalCount)
{
    public int PageCount => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;
    public bool HasOlder => (Page + 1) * PageSize < TotalCount;
}

internal static class LedgerCommandParameters
{
    /// <summary>The parameters every posting statement uses (unused ones are ignored by both providers).</summary>
    public static System.Data.Common.DbCommand WithPosting(this System.Data.Common.DbCommand command,
        LedgerPosting posting, long signedAmount, long? refundOf, DateTime now) =>
        command
            .With("key", posting.IdempotencyKey)
            .With("kind", posting.Kind.ToString())
            .With("user", posting.UserId)
            .With("amount", signedAmount)
            .With("reference", posting.Reference)
            .With("actor", posting.Actor)
            .With("note", posting.Note)
            .With("refund_of", refundOf)
            .With("now", now)
            .With("system_account", LedgerAccounts.CounterAccountFor(posting.Kind));
}
