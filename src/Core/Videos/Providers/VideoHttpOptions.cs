namespace SoraGateway.Videos.Providers;

/// <summary>
/// <c>Video:Http</c> section: time-outs and retries of the calls to remote video providers
/// (shared by GeminiVeo and OpenAiVideos).
/// </summary>
public sealed class VideoHttpOptions
{
    public const string Section = "Video:Http";

    /// <summary>One HTTP attempt, until the response headers arrive (default 30 s). Downloads then stream under the caller's token.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>All attempts of one call together, back-off included (default 100 s).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries after the first attempt for 500/502/503/504 and (except POST) time-outs (default 2, so 3 attempts).</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First back-off delay; doubles per retry, with jitter (default 1 s; tests use 0).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
}
