using SoraGateway.Persistence;

namespace SoraGateway.Ledger;

/// <summary>
/// Checks the money invariants (DESIGN.md, money rules 2–8) over the whole ledger and reports every
/// violation it finds. Read-only; run by <c>sora-admin audit</c> and by the tests.
/// </summary>
public sealed class LedgerAudit(GatewayDbContext db)
{
    // Each check is one query returning (subject, detail) rows; an empty result means the rule holds.
    private static readonly (string Rule, string Sql)[] Checks =
    [
        ("balance_differs_from_entries", """
            SELECT 'user ' || a.user_id, 'balance ' || a.balance || ' but entries sum to ' || COALESCE(SUM(e.amount), 0)
            FROM credit_accounts a
            LEFT JOIN ledger_entries e ON e.user_id = a.user_id AND e.account = 'user'
            GROUP BY a.user_id, a.balance
            HAVING a.balance <> COALESCE(SUM(e.amount), 0)
            """),
        ("entries_without_wallet", """
            SELECT 'user ' || e.user_id, COUNT(*) || ' wallet entries but no wallet'
            FROM ledger_entries e
            WHERE e.account = 'user' AND NOT EXISTS (SELECT 1 FROM credit_accounts a WHERE a.user_id = e.user_id)
            GROUP BY e.user_id
            """),
        ("negative_balance", """
            SELECT 'user ' || user_id, 'balance ' || balance FROM credit_accounts WHERE balance < 0
            """),
        ("unbalanced_transaction", """
            SELECT 'transaction ' || t.id, 'legs sum to ' || COALESCE(SUM(e.amount), 0) || ' over ' || COUNT(e.id) || ' entries'
            FROM ledger_transactions t
            LEFT JOIN ledger_entries e ON e.transaction_id = t.id
            GROUP BY t.id
            HAVING COALESCE(SUM(e.amount), 0) <> 0 OR COUNT(e.id) < 2
            """),
        ("wallet_leg_differs_from_transaction", """
            SELECT 'transaction ' || t.id, 'transaction says ' || t.amount || ', wallet legs ' || COALESCE(SUM(e.amount), 0)
            FROM ledger_transactions t
            LEFT JOIN ledger_entries e ON e.transaction_id = t.id AND e.account = 'user'
            GROUP BY t.id, t.amount
            HAVING COUNT(e.id) <> 1 OR COALESCE(SUM(e.amount), 0) <> t.amount
            """),
        ("ledger_does_not_sum_to_zero", """
            SELECT 'ledger', 'all entries sum to ' || total
            FROM (SELECT SUM(amount) AS total FROM ledger_entries) s
            WHERE total <> 0
            """),
        ("balance_after_out_of_sequence", """
            SELECT 'entry ' || id, 'balance_after ' || balance_after || ' but running total ' || running
            FROM (
                SELECT id, balance_after, SUM(amount) OVER (PARTITION BY user_id ORDER BY id) AS running
                FROM ledger_entries WHERE account = 'user'
            ) w
            WHERE balance_after IS NULL OR balance_after <> running
            """),
        ("refund_without_debit", """
            SELECT 'transaction ' || r.id, 'refund of ' || COALESCE(CAST(r.refund_of AS VARCHAR(20)), 'nothing')
            FROM ledger_transactions r
            LEFT JOIN ledger_transactions d ON d.id = r.refund_of
            WHERE r.kind = 'Refund' AND (d.id IS NULL OR d.kind <> 'Spend' OR d.user_id <> r.user_id)
            """),
        ("refund_exceeds_debit", """
            SELECT 'debit ' || d.id, 'debited ' || (-d.amount) || ', refunded ' || SUM(r.amount) || ' in ' || COUNT(*) || ' refunds'
            FROM ledger_transactions d
            JOIN ledger_transactions r ON r.refund_of = d.id
            GROUP BY d.id, d.amount
            HAVING COUNT(*) > 1 OR SUM(r.amount) > -d.amount
            """),
        ("job_debited_twice", """
            SELECT 'reference ' || reference, COUNT(*) || ' spends'
            FROM ledger_transactions
            WHERE kind = 'Spend' AND reference LIKE 'job:%'
            GROUP BY reference
            HAVING COUNT(*) > 1
            """),
        ("credited_transfer_without_purchase", """
            SELECT 'bank transaction ' || b.id, 'points at ledger transaction ' || b.ledger_transaction_id || ' which is not its purchase'
            FROM bank_transactions b
            LEFT JOIN ledger_transactions t ON t.id = b.ledger_transaction_id
            WHERE b.ledger_transaction_id IS NOT NULL
              AND (t.id IS NULL OR t.kind <> 'Purchase' OR t.amount <= 0 OR t.idempotency_key <> b.provider || ':' || b.provider_transaction_id)
            """),
        ("purchase_without_bank_transfer", """
            SELECT 'transaction ' || t.id, 'purchase ' || t.idempotency_key || ' is credited by ' || COUNT(b.id) || ' bank transactions'
            FROM ledger_transactions t
            LEFT JOIN bank_transactions b ON b.ledger_transaction_id = t.id
            WHERE t.kind = 'Purchase'
            GROUP BY t.id, t.idempotency_key
            HAVING COUNT(b.id) <> 1
            """),
        ("paid_order_not_credited_once", """
            SELECT 'order ' || o.order_code, COUNT(b.id) || ' credited transfers for a paid order'
            FROM payment_orders o
            LEFT JOIN bank_transactions b ON b.order_id = o.id AND b.ledger_transaction_id IS NOT NULL AND b.status = 'Matched'
            WHERE o.status = 'Paid'
            GROUP BY o.id, o.order_code
            HAVING COUNT(b.id) <> 1
            """),
    ];

    /// <summary>Runs every check and returns all violations (empty when the ledger is sound).</summary>
    public async Task<LedgerAuditReport> RunAsync(CancellationToken ct)
    {
        var violations = new List<LedgerViolation>();
        foreach (var (rule, sql) in Checks)
        {
            await using var command = await db.CommandAsync(sql, ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                violations.Add(new LedgerViolation(rule, reader.GetString(0), reader.GetString(1)));
        }

        return new LedgerAuditReport(Checks.Length, violations);
    }
}

/// <summary>One broken invariant.</summary>
public sealed record LedgerViolation(string Rule, string Subject, string Detail);

/// <summary>The result of <see cref="LedgerAudit.RunAsync"/>.</summary>
public sealed record LedgerAuditReport(int ChecksRun, IReadOnlyList<LedgerViolation> Violations)
{
    public bool IsClean => Violations.Count == 0;
}
