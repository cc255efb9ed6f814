-- The statements one credited Casso webhook runs on PostgreSQL (see BankTransferIngestion and
-- CreditLedger), replayed by pgbench as the raw-SQL ceiling for `./build.sh bench casso`.
-- Differences from the app, both in pgbench's favour or neutral: the order number comes from a
-- sequence in a separate statement (the app gets it from the request), and the bank-row update
-- and the outbox insert are one CTE statement (the app sends them as one EF batch).
SELECT s.n, (SELECT order_code FROM payment_orders WHERE id = s.n) AS code FROM (SELECT nextval('bench_order_seq') AS n) s \gset
BEGIN;
INSERT INTO bank_transactions (provider, provider_transaction_id, amount_vnd, description, bank_reference,
    counter_account_name, counter_account_number, occurred_at, received_at, source, raw_json, status)
VALUES ('casso', (5000000 + :n)::text, 49000, 'MBVCB.' || :n || '.' || ':code' || '.CT tu 0011004 NGUYEN VAN A', 'FT' || :n,
    'NGUYEN VAN A', '1', now(), now(), 'webhook-v2',
    '{"id":' || (5000000 + :n) || ',"reference":"FT' || :n || '","description":"MBVCB.' || :n || '.' || ':code' || '.CT tu 0011004 NGUYEN VAN A","amount":49000,"runningBalance":1,"transactionDateTime":"2026-12-04 10:00:00","accountNumber":"1234567890","bankName":"Vietcombank","bankAbbreviation":"VCB","virtualAccountNumber":"","virtualAccountName":"","counterAccountName":"NGUYEN VAN A","counterAccountNumber":"1","counterAccountBankId":"970415","counterAccountBankName":"VietinBank"}',
    'Unmatched')
ON CONFLICT DO NOTHING
RETURNING id AS bank_id \gset
UPDATE payment_orders SET
    received_vnd = received_vnd + 49000,
    status = CASE WHEN received_vnd + 49000 >= amount_vnd THEN 'Paid' ELSE 'Underpaid' END,
    paid_at = CASE WHEN received_vnd < amount_vnd AND received_vnd + 49000 >= amount_vnd THEN now() ELSE paid_at END
WHERE id = (SELECT id FROM payment_orders WHERE order_code IN (':code') ORDER BY id LIMIT 1)
RETURNING id AS order_id, user_id AS order_user, credits AS order_credits \gset
WITH claimed AS (
    INSERT INTO ledger_transactions (idempotency_key, kind, user_id, amount, reference, actor, note, refund_of, created_at)
    SELECT 'casso:' || (5000000 + :n), 'Purchase', :order_user, :order_credits, ':code', 'casso', 'STARTER: 49000 VND received for 49000 VND', NULL, now()
    WHERE EXISTS (SELECT 1 FROM credit_accounts WHERE user_id = :order_user)
    ON CONFLICT DO NOTHING
    RETURNING id
), wallet AS (
    UPDATE credit_accounts
    SET balance = balance + :order_credits, version = version + 1, updated_at = now()
    WHERE user_id = :order_user AND balance + :order_credits >= 0 AND EXISTS (SELECT 1 FROM claimed)
    RETURNING balance
), legs AS (
    INSERT INTO ledger_entries (transaction_id, account, user_id, amount, balance_after, created_at)
    SELECT claimed.id, 'user', :order_user, :order_credits, wallet.balance, now() FROM claimed, wallet
    UNION ALL
    SELECT claimed.id, 'bank_clearing', :order_user, -:order_credits, NULL, now() FROM claimed, wallet
)
SELECT (SELECT id FROM claimed) AS ledger_id, (SELECT balance FROM wallet) AS balance_after \gset
WITH bank AS (
    UPDATE bank_transactions SET ledger_transaction_id = :ledger_id, order_id = :order_id, status = 'Matched' WHERE id = :bank_id
)
INSERT INTO outbox_messages (attempts, available_at, channel, chat_id, created_at, kind, payload_json, status, user_id)
VALUES (0, now(), 'telegram', :order_user::text, now(), 'payment.credited',
    '{"orderCode":"' || ':code' || '","credits":50,"amountVnd":49000,"receivedVnd":49000,"balanceAfter":' || :balance_after || '}', 'Pending', :order_user);
COMMIT;
