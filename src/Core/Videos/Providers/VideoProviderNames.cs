namespace SoraGateway.Videos.Providers;

/// <summary>The provider names used in configuration, in the job table and in webhook routes.</summary>
public static class VideoProviderNames
{
    public const string GeminiVeo = "GeminiVeo";
    public const string OpenAiVideos = "OpenAiVideos";
    public const string Simulator = "Simulator";

    /// <summary>All of them, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [GeminiVeo, OpenAiVideos, Simulator];

    /// <summary>The canonical spelling of <paramref name="name"/> (case-insensitive), or null if unknown.</summary>
    public static string? Normalize(string? name) =>
        All.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
