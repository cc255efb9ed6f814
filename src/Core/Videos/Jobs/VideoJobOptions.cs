using System.ComponentModel.DataAnnotations;

namespace SoraGateway.Videos.Jobs;

/// <summary><c>Video:Jobs</c> section: how the job runner treats jobs.</summary>
public sealed class VideoJobOptions
{
    public const string Section = "Video:Jobs";

    /// <summary>A job not finished this long after confirmation fails and is refunded.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "2.00:00:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often a runner looks for due jobs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Jobs one runner works on at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrentJobs { get; set; } = 16;

    /// <summary>Jobs submitted and not yet finished, per provider, across all runners: the rest wait in the queue.</summary>
    [Range(1, 10_000)]
    public int MaxInFlightPerProvider { get; set; } = 8;

    /// <summary>Transient provider errors a job may meet before it fails (and is refunded).</summary>
    [Range(0, 100)]
    public int MaxTransientAttempts { get; set; } = 5;

    /// <summary>How long a claimed job belongs to one runner; a runner that dies lets it go after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The status message is edited at most this often.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ProgressEditInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A deleted video's file is removed after this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan DeletedRetention { get; set; } = TimeSpan.FromDays(7);
}
