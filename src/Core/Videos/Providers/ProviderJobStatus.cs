namespace SoraGateway.Videos.Providers;

/// <summary>Where a job stands at the provider.</summary>
public enum ProviderJobState
{
    /// <summary>Accepted, not started yet.</summary>
    Queued,

    /// <summary>Being made.</summary>
    Running,

    /// <summary>The MP4 is ready to download.</summary>
    Completed,

    /// <summary>The provider gave up (not a content decision): fail the job and refund.</summary>
    Failed,

    /// <summary>The provider's safety filters refused the content: fail, refund, show the reason.</summary>
    Refused,
}

/// <summary>One answer to "how is my job doing?".</summary>
/// <param name="State">Where the job stands.</param>
/// <param name="ProgressPercent">0–100 when the provider reports progress (Veo does not).</param>
/// <param name="FailureCode">Provider's code for <see cref="ProviderJobState.Failed"/> or <see cref="ProviderJobState.Refused"/>.</param>
/// <param name="FailureMessage">Provider's reason, fit to show the user (e.g. Veo's <c>raiMediaFilteredReasons[0]</c>).</param>
/// <param name="PollAfter">When to ask again, for unfinished jobs; null once the job is finished.</param>
/// <param name="DownloadUri">Where the provider serves the MP4 when it says so; informational: always download with <see cref="IVideoProvider.DownloadAsync"/>.</param>
public sealed record ProviderJobStatus(
    ProviderJobState State,
    int? ProgressPercent,
    string? FailureCode,
    string? FailureMessage,
    TimeSpan? PollAfter,
    string? DownloadUri)
{
    /// <summary>True once the job will not change any more.</summary>
    public bool IsFinished => State is ProviderJobState.Completed or ProviderJobState.Failed or ProviderJobState.Refused;

    /// <summary>A job still in line.</summary>
    public static ProviderJobStatus Queued(TimeSpan? pollAfter) => new(ProviderJobState.Queued, 0, null, null, pollAfter, null);

    /// <summary>A job being made.</summary>
    public static ProviderJobStatus Running(int? progressPercent, TimeSpan? pollAfter) =>
        new(ProviderJobState.Running, progressPercent, null, null, pollAfter, null);

    /// <summary>A finished video.</summary>
    public static ProviderJobStatus Completed(string? downloadUri) => new(ProviderJobState.Completed, 100, null, null, null, downloadUri);

    /// <summary>A job the provider gave up on.</summary>
    public static ProviderJobStatus Failed(string? code, string? message) => new(ProviderJobState.Failed, null, code, message, null, null);

    /// <summary>A job the provider's safety filters refused.</summary>
    public static ProviderJobStatus Refused(string? code, string? reason) => new(ProviderJobState.Refused, null, code, reason, null, null);
}
