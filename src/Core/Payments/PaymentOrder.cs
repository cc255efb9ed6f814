namespace SoraGateway.Payments;

/// <summary>
/// A request to buy one credit package by bank transfer. The user pays <see cref="AmountVnd"/>
/// with <see cref="OrderCode"/> as the transfer memo; Casso's report of the transfer pays it.
/// </summary>
public sealed class PaymentOrder
{
    public long Id { get; set; }

    /// <summary>Prefix + 8 characters + check character, e.g. <c>SGK7M2Q9XA4</c>; the transfer memo.</summary>
    public required string OrderCode { get; set; }

    public long UserId { get; set; }
    public required string PackageCode { get; set; }
    public long Credits { get; set; }
    public long AmountVnd { get; set; }

    /// <summary>Sum of every transfer matched to this order so far (may exceed the amount).</summary>
    public long ReceivedVnd { get; set; }

    public PaymentOrderStatus Status { get; set; } = PaymentOrderStatus.Pending;

    /// <summary>The chat the order was made from: where payment news is sent.</summary>
    public required string Channel { get; set; }

    public required string ChatId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? PaidAt { get; set; }

    public long MissingVnd => Math.Max(0, AmountVnd - ReceivedVnd);
}

/// <summary>Where a payment order stands.</summary>
public enum PaymentOrderStatus
{
    /// <summary>Waiting for the transfer.</summary>
    Pending,

    /// <summary>Enough money arrived; the credits are in the wallet.</summary>
    Paid,

    /// <summary>Less than the amount arrived; held until the rest comes or an admin decides.</summary>
    Underpaid,

    /// <summary>Nothing arrived before the expiry. A late transfer still pays it.</summary>
    Expired,

    /// <summary>The user cancelled it. A transfer that still arrives pays it.</summary>
    Cancelled,
}

/// <summary>One bank transaction reported by Casso (webhook or reconciliation), stored once.</summary>
public sealed class BankTransaction
{
    public long Id { get; set; }

    /// <summary>Who reported it: <c>casso</c>.</summary>
    public required string Provider { get; set; }

    /// <summary>The provider's transaction id; unique per provider (the dedupe key).</summary>
    public required string ProviderTransactionId { get; set; }

    public long AmountVnd { get; set; }
    public required string Description { get; set; }
    public string? BankReference { get; set; }
    public string? CounterAccountName { get; set; }
    public string? CounterAccountNumber { get; set; }
    public DateTime? OccurredAt { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary>How it reached us: <c>webhook-v2</c>, <c>webhook-v1</c>, <c>reconciler</c>.</summary>
    public required string Source { get; set; }

    /// <summary>The transaction exactly as the provider sent it.</summary>
    public required string RawJson { get; set; }

    public BankTransactionStatus Status { get; set; }
    public long? OrderId { get; set; }
    public long? LedgerTransactionId { get; set; }

    /// <summary>Why it was not credited, or how an admin resolved it.</summary>
    public string? Note { get; set; }
}

/// <summary>What became of a bank transaction.</summary>
public enum BankTransactionStatus
{
    /// <summary>Counted toward an order (paid it, or part of it).</summary>
    Matched,

    /// <summary>No order found in the memo: kept for an admin to assign.</summary>
    Unmatched,

    /// <summary>For an order that was already paid: kept for an admin (refund or assign).</summary>
    Surplus,

    /// <summary>Assigned by an admin and credited.</summary>
    Assigned,

    /// <summary>Not money for us: Casso's test call or money going out.</summary>
    Ignored,
}
