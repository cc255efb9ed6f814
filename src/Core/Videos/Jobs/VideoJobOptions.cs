using System.ComponentModel.DataAnnotations;

namespace SoraGateway.Videos.Jobs;

/// <summary><c>Video:Jobs</c> section: how the job runner treats jobs.</summary>
public sealed class VideoJobOptions
{
    public const string Section = "Video:Jobs";

    /// <summary>A job not finished this long after confirmation fails and is refunded.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(1);
}
