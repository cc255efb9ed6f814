namespace SoraGateway.Ledger;

/// <summary>A request to move credits into or out of one user's wallet.</summary>
/// <param name="UserId">Whose wallet.</param>
/// <param name="Amount">How many credits; always positive, the operation gives the direction.</param>
/// <param name="Kind">The business event.</param>
/// <param name="IdempotencyKey">Unique per event, e.g. <c>casso:123</c>, <c>video:42:debit</c>.</param>
/// <param name="Actor">Who caused it (<c>casso</c>, <c>user:7</c>, <c>admin:alice</c>).</param>
/// <param name="Reference">What it is about (order code, job).</param>
/// <param name="Note">Free text for admins.</param>
public sealed record LedgerPosting(
    long UserId,
    long Amount,
    LedgerKind Kind,
    string IdempotencyKey,
    string Actor,
    string? Reference = null,
    string? Note = null);

/// <summary>A request to give back one debit, in full or in part, at most once.</summary>
/// <param name="DebitKey">Idempotency key of the debit to give back.</param>
/// <param name="IdempotencyKey">Key of the refund itself, e.g. <c>video:42:refund</c>.</param>
/// <param name="Actor">Who decided it.</param>
/// <param name="Amount">Credits to give back; null = the whole debit.</param>
/// <param name="Note">Why.</param>
public sealed record RefundRequest(
    string DebitKey,
    string IdempotencyKey,
    string Actor,
    long? Amount = null,
    string? Note = null);

/// <summary>What happened to a ledger request.</summary>
public enum LedgerStatus
{
    /// <summary>Recorded now.</summary>
    Applied,

    /// <summary>The key was already recorded with the same payload: the first outcome, nothing written.</summary>
    Replayed,

    /// <summary>The wallet holds less than the debit. Nothing written; the key stays free.</summary>
    InsufficientFunds,

    /// <summary>No wallet for that user. Nothing written.</summary>
    UnknownAccount,

    /// <summary>The key was already used for a different event (kind, user or amount). Nothing written.</summary>
    KeyConflict,

    /// <summary>A refund names a debit that does not exist (or is not a debit). Nothing written.</summary>
    NothingToRefund,

    /// <summary>The debit was already refunded under another key: a no-op returning that refund.</summary>
    AlreadyRefunded,
}

/// <summary>The result of a ledger request.</summary>
/// <param name="Status">What happened.</param>
/// <param name="TransactionId">The recorded transaction (the first one on a replay); 0 when nothing is recorded.</param>
/// <param name="UserId">Whose wallet.</param>
/// <param name="Amount">Signed change of the wallet by that transaction.</param>
/// <param name="BalanceAfter">The balance right after that transaction, or the current balance when refused.</param>
public sealed record LedgerOutcome(LedgerStatus Status, long TransactionId, long UserId, long Amount, long BalanceAfter)
{
    /// <summary>True when the event is in the ledger, now or from before.</summary>
    public bool Succeeded => Status is LedgerStatus.Applied or LedgerStatus.Replayed or LedgerStatus.AlreadyRefunded;

    /// <summary>Throws unless <see cref="Succeeded"/>; for callers that treat a refusal as a bug.</summary>
    public LedgerOutcome EnsureSucceeded() =>
        Succeeded ? this : throw new LedgerRefusedException(this);
}

/// <summary>Thrown by <see cref="LedgerOutcome.EnsureSucceeded"/>.</summary>
public sealed class LedgerRefusedException(LedgerOutcome outcome)
    : InvalidOperationException($"Ledger refused the request: {outcome.Status} (user {outcome.UserId}).")
{
    public LedgerOutcome Outcome { get; } = outcome;
}
