namespace SoraGateway.Videos.Jobs;

/// <summary>
/// One paid video request, from confirmation to the file in the user's chat (or a refund).
/// Created in the same transaction as its debit (<c>video:&lt;id&gt;:debit</c>); the id is chosen
/// when the draft starts, so a repeated confirmation can never create a second job.
/// </summary>
public sealed class VideoJob
{
    public Guid Id { get; set; }
    public long UserId { get; set; }
    public required string Channel { get; set; }
    public required string ChatId { get; set; }

    public required string Prompt { get; set; }

    /// <summary>First-frame photo for image-to-video, in the media store.</summary>
    public string? ImagePath { get; set; }

    public required string OfferingCode { get; set; }
    public required string Provider { get; set; }
    public required string Model { get; set; }
    public int DurationSeconds { get; set; }
    public required string Resolution { get; set; }
    public required string Orientation { get; set; }
    public long PriceCredits { get; set; }

    public VideoJobStatus Status { get; set; } = VideoJobStatus.Queued;

    /// <summary>The provider's id for the job; stored before anything can submit it again.</summary>
    public string? ProviderJobId { get; set; }

    public int? ProgressPercent { get; set; }

    /// <summary>Provider calls that failed transiently (the retry budget counts them).</summary>
    public int Attempts { get; set; }

    /// <summary>When a runner should look at the job next.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The runner working on the job, until <see cref="LeaseUntil"/>.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntil { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }

    /// <summary>A job not finished by then fails and is refunded.</summary>
    public DateTime DeadlineAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>The MP4 in our own store (provider links expire).</summary>
    public string? FilePath { get; set; }

    public long? FileSizeBytes { get; set; }

    /// <summary>Telegram's file id of the uploaded video, to re-send without uploading.</summary>
    public string? ChannelFileId { get; set; }

    /// <summary>The status message edited with progress.</summary>
    public string? StatusMessageId { get; set; }

    public string? StatusText { get; set; }
    public DateTime? StatusEditedAt { get; set; }

    public string? FailureCode { get; set; }

    /// <summary>The reason shown to the user (provider's words where they are useful).</summary>
    public string? FailureReason { get; set; }

    public DateTime? DeliveredAt { get; set; }
    public DateTime? DeletedAt { get; set; }

    /// <summary>Idempotency key of the debit that paid for the job.</summary>
    public string DebitKey => $"video:{Id:N}:debit";

    /// <summary>Idempotency key of its refund, if it fails.</summary>
    public string RefundKey => $"video:{Id:N}:refund";
}

/// <summary>Where a video job stands.</summary>
public enum VideoJobStatus
{
    Queued,
    Submitted,
    Running,
    Downloading,
    Delivering,
    Completed,
    Failed,
    Deleted,
}
