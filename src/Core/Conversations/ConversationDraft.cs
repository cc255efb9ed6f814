namespace SoraGateway.Conversations;

/// <summary>What the person has chosen so far in the video flow.</summary>
public sealed record ConversationDraft
{
    /// <summary>The id the video job will get on confirmation (one draft, at most one job).</summary>
    public Guid JobId { get; init; } = Guid.NewGuid();

    public string? Prompt { get; init; }

    /// <summary>First-frame photo (media store path) for image-to-video.</summary>
    public string? ImagePath { get; init; }

    public int? DurationSeconds { get; init; }
    public string? Resolution { get; init; }
    public string? Orientation { get; init; }
    public string? OfferingCode { get; init; }
}
