using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Ledger;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;

namespace SoraGateway.Tests.Ledger;

public sealed class CreditLedgerSpecs_Sqlite() : CreditLedgerSpecs(DatabaseProvider.Sqlite);

public sealed class CreditLedgerSpecs_Postgres() : CreditLedgerSpecs(DatabaseProvider.Postgres);

/// <summary>The money rules of DESIGN.md, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class CreditLedgerSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private int _users;

    private Task<long> NewUserAsync() => InScopeAsync(async sp =>
    {
        var n = Interlocked.Increment(ref _users);
        var user = await sp.GetRequiredService<UserDirectory>()
            .FindOrCreateAsync(ChannelNames.Telegram, $"tg-{n}", $"User {n}", "vi", CancellationToken.None);
        return user.Id;
    });

    private Task<LedgerOutcome> CreditAsync(long user, long amount, string key, LedgerKind kind = LedgerKind.Grant) =>
        InScopeAsync(sp => sp.GetRequiredService<CreditLedger>()
            .CreditAsync(new LedgerPosting(user, amount, kind, key, "test"), CancellationToken.None));

    private Task<LedgerOutcome> DebitAsync(long user, long amount, string key) =>
        InScopeAsync(sp => sp.GetRequiredService<CreditLedger>()
            .DebitAsync(new LedgerPosting(user, amount, LedgerKind.Spend, key, "test", Reference: key), CancellationToken.None));

    private Task<LedgerOutcome> RefundAsync(string debitKey, string key) =>
        InScopeAsync(sp => sp.GetRequiredService<CreditLedger>()
            .RefundAsync(new RefundRequest(debitKey, key, "test"), CancellationToken.None));

    private Task<long> BalanceAsync(long user) =>
        InScopeAsync(sp => sp.GetRequiredService<CreditLedger>().GetBalanceAsync(user, CancellationToken.None));

    private Task<int> CountAsync(Func<GatewayDbContext, Task<int>> query) =>
        InScopeAsync(sp => query(sp.GetRequiredService<GatewayDbContext>()));

    private Task<LedgerAuditReport> AuditAsync() =>
        InScopeAsync(sp => sp.GetRequiredService<LedgerAudit>().RunAsync(CancellationToken.None));

    [Fact]
    public async Task Credit_raises_the_balance_and_writes_two_legs_that_sum_to_zero()
    {
        var user = await NewUserAsync();

        var outcome = await CreditAsync(user, 120, "casso:1", LedgerKind.Purchase);

        Assert.Equal(LedgerStatus.Applied, outcome.Status);
        Assert.Equal(120, outcome.BalanceAfter);
        Assert.Equal(120, await BalanceAsync(user));
        var legs = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().LedgerEntries
            .Where(e => e.TransactionId == outcome.TransactionId).OrderBy(e => e.Id).ToListAsync());
        Assert.Collection(legs,
            l => { Assert.Equal(LedgerAccounts.User, l.Account); Assert.Equal(120, l.Amount); Assert.Equal(120, l.BalanceAfter); },
            l => { Assert.Equal(LedgerAccounts.BankClearing, l.Account); Assert.Equal(-120, l.Amount); Assert.Null(l.BalanceAfter); });
    }

    [Fact]
    public async Task The_same_key_twice_in_a_row_records_one_transaction_and_returns_the_first_outcome()
    {
        var user = await NewUserAsync();

        var first = await CreditAsync(user, 50, "casso:7");
        var second = await CreditAsync(user, 50, "casso:7");

        Assert.Equal(LedgerStatus.Applied, first.Status);
        Assert.Equal(LedgerStatus.Replayed, second.Status);
        Assert.Equal(first.TransactionId, second.TransactionId);
        Assert.Equal(first.BalanceAfter, second.BalanceAfter);
        Assert.Equal(50, await BalanceAsync(user));
        Assert.Equal(1, await CountAsync(db => db.LedgerTransactions.CountAsync(t => t.IdempotencyKey == "casso:7")));
    }

    [Fact]
    public async Task The_same_key_from_50_concurrent_requests_records_exactly_one_transaction()
    {
        var user = await NewUserAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => CreditAsync(user, 30, "casso:42"))));

        Assert.Single(outcomes, o => o.Status == LedgerStatus.Applied);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Status.ToString()));
        Assert.Single(outcomes.Select(o => o.TransactionId).Distinct());
        Assert.Equal(30, await BalanceAsync(user));
        Assert.Equal(2, await CountAsync(db => db.LedgerEntries.CountAsync(e => e.UserId == user)));
    }

    [Fact]
    public async Task A_concurrent_debit_key_repeated_50_times_debits_once()
    {
        var user = await NewUserAsync();
        await CreditAsync(user, 100, "grant:1", LedgerKind.Grant);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => DebitAsync(user, 40, "video:1:debit"))));

        Assert.Single(outcomes, o => o.Status == LedgerStatus.Applied);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Status.ToString()));
        Assert.Equal(60, await BalanceAsync(user));
    }

    [Fact]
    public async Task Reusing_a_key_for_a_different_amount_or_user_is_a_conflict_and_writes_nothing()
    {
        var alice = await NewUserAsync();
        var bob = await NewUserAsync();
        await CreditAsync(alice, 50, "casso:9");

        var otherAmount = await CreditAsync(alice, 51, "casso:9");
        var otherUser = await CreditAsync(bob, 50, "casso:9");
        var otherKind = await CreditAsync(alice, 50, "casso:9", LedgerKind.Purchase);

        Assert.Equal(LedgerStatus.KeyConflict, otherAmount.Status);
        Assert.Equal(LedgerStatus.KeyConflict, otherUser.Status);
        Assert.Equal(LedgerStatus.KeyConflict, otherKind.Status);
        Assert.False(otherAmount.Succeeded);
        Assert.Throws<LedgerRefusedException>(() => otherUser.EnsureSucceeded());
        Assert.Equal(50, await BalanceAsync(alice));
        Assert.Equal(0, await BalanceAsync(bob));
    }

    [Theory]
    [InlineData(1_000, 7)]
    [InlineData(999, 10)]
    [InlineData(5, 10)]
    public async Task Two_hundred_concurrent_debits_never_overdraw_and_lose_no_update(long balance, long cost)
    {
        var user = await NewUserAsync();
        await CreditAsync(user, balance, "grant:start", LedgerKind.Grant);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => DebitAsync(user, cost, $"video:{i}:debit"))));

        Assert.Equal(balance / cost, outcomes.Count(o => o.Status == LedgerStatus.Applied));
        Assert.Equal(200 - (balance / cost), outcomes.Count(o => o.Status == LedgerStatus.InsufficientFunds));
        Assert.Equal(balance % cost, await BalanceAsync(user));
        Assert.All(outcomes.Where(o => o.Status == LedgerStatus.Applied), o => Assert.True(o.BalanceAfter >= 0));
        Assert.Equal(balance / cost, await CountAsync(db => db.LedgerTransactions.CountAsync(t => t.Kind == LedgerKind.Spend)));
        // Every successful debit saw a distinct balance: no two were computed from the same snapshot.
        Assert.Equal(balance / cost, outcomes.Where(o => o.Status == LedgerStatus.Applied).Select(o => o.BalanceAfter).Distinct().Count());
        Assert.True((await AuditAsync()).IsClean);
    }

    [Fact]
    public async Task A_debit_larger_than_the_balance_is_refused_writes_nothing_and_leaves_the_key_free()
    {
        var user = await NewUserAsync();
        await CreditAsync(user, 10, "grant:1", LedgerKind.Grant);

        var refused = await DebitAsync(user, 11, "video:1:debit");
        await CreditAsync(user, 1, "grant:2", LedgerKind.Grant);
        var retried = await DebitAsync(user, 11, "video:1:debit");

        Assert.Equal(LedgerStatus.InsufficientFunds, refused.Status);
        Assert.Equal(10, refused.BalanceAfter);
        Assert.Equal(LedgerStatus.Applied, retried.Status);
        Assert.Equal(0, await BalanceAsync(user));
    }

    [Fact]
    public async Task Posting_to_a_user_without_a_wallet_is_refused()
    {
        var outcome = await CreditAsync(987_654, 10, "casso:unknown");

        Assert.Equal(LedgerStatus.UnknownAccount, outcome.Status);
        Assert.Equal(0, await CountAsync(db => db.LedgerTransactions.CountAsync()));
    }

    [Fact]
    public async Task A_refund_without_a_debit_is_refused()
    {
        var user = await NewUserAsync();
        await CreditAsync(user, 10, "casso:1");

        var noSuchDebit = await RefundAsync("video:404:debit", "video:404:refund");
        var notADebit = await RefundAsync("casso:1", "casso:1:refund");

        Assert.Equal(LedgerStatus.NothingToRefund, noSuchDebit.Status);
        Assert.Equal(LedgerStatus.NothingToRefund, notADebit.Status);
        Assert.Equal(10, await BalanceAsync(user));
        Assert.Equal(0, await CountAsync(db => db.LedgerTransactions.CountAsync(t => t.Kind == LedgerKind.Refund)));
    }

    [Fact]
    public async Task A_refund_gives_the_debit_back_once_and_a_second_refund_is_a_no_op()
    {
        var user = await NewUserAsync();
        await CreditAsync(user, 100, "grant:1", LedgerKind.Grant);
        var debit = await DebitAsync(user, 40, "video:5:debit");

        var refund = await RefundAsync("video:5:debit", "video:5:refund");
        var sameKey = await RefundAsync("video:5:debit", "video:5:refund");
        var otherKey = await RefundAsync("video:5:debit", "admin:refund-5");

        Assert.Equal(LedgerStatus.Applied, debit.Status);
        Assert.Equal(LedgerStatus.Applied, refund.Status);
        Assert.Equal(100, refund.BalanceAfter);
        Assert.Equal(LedgerStatus.Replayed, sameKey.Status);
        Assert.Equal(LedgerStatus.AlreadyRefunded, otherKey.Status);
        Assert.Equal(refund.TransactionId, otherKey.TransactionId);
        Assert.Equal(100, await BalanceAsync(user));
        Assert.Equal(1, await CountAsync(db => db.LedgerTransactions.CountAsync(t => t.Kind == LedgerKind.Refund)));
    }

    [Fact]
    public async Task Concurrent_refunds_of_one_debit_under_different_keys_refund_once()
    {
        var user = await NewUserAsync();
        await CreditAsync(user, 100, "grant:1", LedgerKind.Grant);
        await DebitAsync(user, 25, "video:8:debit");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => RefundAsync("video:8:debit", $"refund-attempt:{i}"))));

        Assert.Single(outcomes, o => o.Status == LedgerStatus.Applied);
        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.Equal(100, await BalanceAsync(user));
        Assert.True((await AuditAsync()).IsClean);
    }

    [Fact]
    public async Task A_debit_joins_the_callers_transaction_and_disappears_when_the_caller_rolls_back()
    {
        var user = await NewUserAsync();
        await CreditAsync(user, 10, "grant:1", LedgerKind.Grant);

        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<GatewayDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var outcome = await sp.GetRequiredService<CreditLedger>()
                .DebitAsync(new LedgerPosting(user, 4, LedgerKind.Spend, "video:1:debit", "test"), CancellationToken.None);
            Assert.Equal(LedgerStatus.Applied, outcome.Status);
            await tx.RollbackAsync();
        });

        Assert.Equal(10, await BalanceAsync(user));
        Assert.Equal(0, await CountAsync(db => db.LedgerTransactions.CountAsync(t => t.Kind == LedgerKind.Spend)));
    }

    [Fact]
    public async Task A_refused_debit_inside_the_callers_transaction_keeps_the_callers_other_work()
    {
        var user = await NewUserAsync();
        await CreditAsync(user, 10, "grant:1", LedgerKind.Grant);

        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<GatewayDbContext>();
            var ledger = sp.GetRequiredService<CreditLedger>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var ok = await ledger.DebitAsync(new LedgerPosting(user, 3, LedgerKind.Spend, "video:1:debit", "test"), CancellationToken.None);
            var refused = await ledger.DebitAsync(new LedgerPosting(user, 30, LedgerKind.Spend, "video:2:debit", "test"), CancellationToken.None);
            var replay = await ledger.DebitAsync(new LedgerPosting(user, 3, LedgerKind.Spend, "video:1:debit", "test"), CancellationToken.None);
            Assert.Equal([LedgerStatus.Applied, LedgerStatus.InsufficientFunds, LedgerStatus.Replayed], new[] { ok.Status, refused.Status, replay.Status });
            await tx.CommitAsync();
        });

        Assert.Equal(7, await BalanceAsync(user));
        Assert.True((await AuditAsync()).IsClean);
    }

    [Fact]
    public async Task History_pages_newest_first_with_the_balance_after_each_movement()
    {
        var user = await NewUserAsync();
        for (var i = 1; i <= 7; i++)
            await CreditAsync(user, i, $"grant:{i}", LedgerKind.Grant);

        var first = await InScopeAsync(sp => sp.GetRequiredService<CreditLedger>().GetHistoryAsync(user, 0, 3, CancellationToken.None));
        var last = await InScopeAsync(sp => sp.GetRequiredService<CreditLedger>().GetHistoryAsync(user, 2, 3, CancellationToken.None));

        Assert.Equal([7L, 6, 5], first.Items.Select(i => i.Amount));
        Assert.Equal([28L, 21, 15], first.Items.Select(i => i.BalanceAfter));
        Assert.Equal(3, first.PageCount);
        Assert.True(first.HasOlder);
        Assert.Equal([1L], last.Items.Select(i => i.Amount));
        Assert.False(last.HasOlder);
    }

    [Fact]
    public async Task Any_sequence_of_operations_keeps_the_audit_clean_and_matches_a_simple_model()
    {
        var users = new[] { await NewUserAsync(), await NewUserAsync(), await NewUserAsync() };
        var model = users.ToDictionary(u => u, _ => 0L);
        var debits = new Dictionary<string, (long User, long Amount, bool Refunded)>();
        var step = 0;

        // op: 0 credit, 1 debit, 2 refund, 3 replay of an earlier key
        var genOp = Gen.Select(Gen.Int[0, 3], Gen.Int[0, users.Length - 1], Gen.Long[1, 60]);
        await genOp.Array[40, 80].SampleAsync(async ops =>
        {
            foreach (var (op, who, amount) in ops)
            {
                var user = users[who];
                var key = $"op:{Interlocked.Increment(ref step)}";
                switch (op)
                {
                    case 0:
                        Assert.Equal(LedgerStatus.Applied, (await CreditAsync(user, amount, key)).Status);
                        model[user] += amount;
                        break;
                    case 1:
                        var debit = await DebitAsync(user, amount, key);
                        var expected = model[user] >= amount ? LedgerStatus.Applied : LedgerStatus.InsufficientFunds;
                        Assert.Equal(expected, debit.Status);
                        if (expected == LedgerStatus.Applied)
                        {
                            model[user] -= amount;
                            debits[key] = (user, amount, false);
                        }

                        break;
                    case 2 when debits.Count > 0:
                        var (debitKey, d) = debits.ElementAt((int)(amount % debits.Count));
                        var refund = await RefundAsync(debitKey, key);
                        Assert.Equal(d.Refunded ? LedgerStatus.AlreadyRefunded : LedgerStatus.Applied, refund.Status);
                        if (!d.Refunded)
                        {
                            model[d.User] += d.Amount;
                            debits[debitKey] = d with { Refunded = true };
                        }

                        break;
                    case 3 when debits.Count > 0:
                        var (replayKey, r) = debits.ElementAt((int)(amount % debits.Count));
                        Assert.Equal(LedgerStatus.Replayed, (await DebitAsync(r.User, r.Amount, replayKey)).Status);
                        break;
                }
            }

            foreach (var user in users)
                Assert.Equal(model[user], await BalanceAsync(user));
        }, iter: 8, threads: 1);

        var report = await AuditAsync();
        Assert.True(report.IsClean, string.Join("; ", report.Violations));
    }

    [Fact]
    public async Task The_audit_reports_a_corrupted_balance_row()
    {
        var user = await NewUserAsync();
        await CreditAsync(user, 50, "casso:1");
        Assert.True((await AuditAsync()).IsClean);

        await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().Database
            .ExecuteSqlAsync($"UPDATE credit_accounts SET balance = balance + 5 WHERE user_id = {user}"));
        var report = await AuditAsync();

        var violation = Assert.Single(report.Violations);
        Assert.Equal("balance_differs_from_entries", violation.Rule);
        Assert.Equal($"user {user}", violation.Subject);
        Assert.Contains("55", violation.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_reports_an_entry_that_breaks_double_entry()
    {
        var user = await NewUserAsync();
        var credit = await CreditAsync(user, 50, "casso:1");

        await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().Database.ExecuteSqlAsync(
            $"UPDATE ledger_entries SET amount = -49 WHERE transaction_id = {credit.TransactionId} AND account <> 'user'"));
        var report = await AuditAsync();

        Assert.Contains(report.Violations, v => v.Rule == "unbalanced_transaction" && v.Subject == $"transaction {credit.TransactionId}");
        Assert.Contains(report.Violations, v => v.Rule == "ledger_does_not_sum_to_zero");
    }
}
