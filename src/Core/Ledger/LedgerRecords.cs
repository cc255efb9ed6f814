namespace SoraGateway.Ledger;

/// <summary>
/// The cached balance of one user's wallet. Updated only by <see cref="CreditLedger"/>, in the same
/// transaction as the entry that explains the change.
/// </summary>
public sealed class CreditAccount
{
    public long UserId { get; set; }
    public long Balance { get; set; }

    /// <summary>Incremented by every change; lets readers detect that the row moved.</summary>
    public long Version { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One business event in the ledger (a purchase, a video's spend, a refund...). Append-only.
/// Its <see cref="IdempotencyKey"/> is unique: the same event can never be recorded twice.
/// </summary>
public sealed class LedgerTransaction
{
    public long Id { get; set; }
    public required string IdempotencyKey { get; set; }
    public LedgerKind Kind { get; set; }
    public long UserId { get; set; }

    /// <summary>Signed change of the user's balance (+ credit, − debit).</summary>
    public long Amount { get; set; }

    /// <summary>What the event is about: an order code, <c>job:42</c>, an admin ticket.</summary>
    public string? Reference { get; set; }

    /// <summary>Who caused it: <c>system</c>, <c>casso</c>, <c>user:7</c>, <c>admin:alice</c>.</summary>
    public required string Actor { get; set; }

    public string? Note { get; set; }

    /// <summary>For a refund, the debit it gives back (unique: a debit is refunded at most once).</summary>
    public long? RefundOf { get; set; }

    public DateTime CreatedAt { get; set; }
    public List<LedgerEntry> Entries { get; } = [];
}

/// <summary>
/// One leg of a <see cref="LedgerTransaction"/>: the user's wallet or a system account.
/// The legs of a transaction sum to zero (double entry).
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }
    public long TransactionId { get; set; }

    /// <summary><see cref="LedgerAccounts.User"/> or the name of a system account.</summary>
    public required string Account { get; set; }

    public long UserId { get; set; }
    public long Amount { get; set; }

    /// <summary>The user's balance right after this entry; only on the user's own leg.</summary>
    public long? BalanceAfter { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>What kind of business event moved the credits.</summary>
public enum LedgerKind
{
    /// <summary>Credits bought by bank transfer (counter account: bank clearing).</summary>
    Purchase,

    /// <summary>Credits given away: demo balance, goodwill, promotion (counter account: grants).</summary>
    Grant,

    /// <summary>Credits spent on a video (counter account: video spend).</summary>
    Spend,

    /// <summary>A spend given back (counter account: refunds).</summary>
    Refund,

    /// <summary>An admin correction in either direction (counter account: adjustments).</summary>
    Adjustment,
}

/// <summary>The accounts of the ledger. Only user wallets have a cached balance.</summary>
public static class LedgerAccounts
{
    public const string User = "user";
    public const string BankClearing = "bank_clearing";
    public const string Grants = "grants";
    public const string VideoSpend = "video_spend";
    public const string Refunds = "refunds";
    public const string Adjustments = "adjustments";

    /// <summary>The system account that balances an event of this kind.</summary>
    public static string CounterAccountFor(LedgerKind kind) => kind switch
    {
        LedgerKind.Purchase => BankClearing,
        LedgerKind.Grant => Grants,
        LedgerKind.Spend => VideoSpend,
        LedgerKind.Refund => Refunds,
        LedgerKind.Adjustment => Adjustments,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
