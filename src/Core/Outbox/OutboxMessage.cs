namespace SoraGateway.Outbox;

/// <summary>
/// A message to a user, written in the same transaction as the business change it announces
/// (credits arrived, video ready) and delivered later by the outbox dispatcher, at most once.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Channel { get; set; }
    public required string ChatId { get; set; }

    /// <summary>What happened (<see cref="OutboxKinds"/>); the text is rendered at send time in the user's language.</summary>
    public required string Kind { get; set; }

    /// <summary>The facts the message needs, as JSON.</summary>
    public required string PayloadJson { get; set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime AvailableAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Lease of the dispatcher instance delivering it (several may run).</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }
}

/// <summary>Delivery state of an <see cref="OutboxMessage"/>.</summary>
public enum OutboxStatus
{
    Pending,
    Sent,

    /// <summary>Gave up (chat unreachable, retries exhausted); kept for inspection.</summary>
    Failed,
}

/// <summary>The kinds of outbox messages.</summary>
public static class OutboxKinds
{
    public const string PaymentCredited = "payment.credited";
    public const string PaymentUnderpaid = "payment.underpaid";
    public const string PaymentSurplus = "payment.surplus";
    public const string VideoFailed = "video.failed";
}
