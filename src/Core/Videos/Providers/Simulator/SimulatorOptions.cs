namespace SoraGateway.Videos.Providers.Simulator;

/// <summary><c>Simulator</c> section: the in-process provider of the local emulator and the tests.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Time from submit to a finished job, on the injected clock (default 5 s).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Share of jobs that fail (0–1, default 0); which ones is decided by the job id, so a job always ends the same way.</summary>
    public double FailureRate { get; set; }

    /// <summary>Share of jobs refused as if by a content filter (0–1, default 0); decided by the job id.</summary>
    public double RefusalRate { get; set; }
}
