namespace SoraGateway.Videos.Providers;

/// <summary>
/// Which durations and resolutions each provider accepts, so that the bot only offers
/// combinations that will not be rejected (orientation is free everywhere).
/// </summary>
public static class VideoProviderRules
{
    /// <summary>The only Veo model that makes 4k.</summary>
    public const string VeoStandardModel = "veo-3.1-generate-preview";

    public static IReadOnlyList<int> VeoDurations { get; } = [4, 6, 8];
    public static IReadOnlyList<string> VeoResolutions { get; } = ["720p", "1080p", "4k"];
    public static IReadOnlyList<int> SoraSeconds { get; } = [4, 8, 12, 16, 20];
    public static IReadOnlyList<string> SoraResolutions { get; } = ["720p", "1080p", "1024p"];

    /// <summary>
    /// True when <paramref name="provider"/> makes a <paramref name="durationSeconds"/> video at
    /// <paramref name="resolution"/> with <paramref name="model"/>. Veo: 4/6/8 s; 1080p and 4k only
    /// at 8 s; 4k only on <see cref="VeoStandardModel"/>. Sora format: 4/8/12/16/20 s at
    /// 720p/1080p/1024p. Simulator: anything, except that a <c>veo-…</c> or <c>sora-…</c> model
    /// follows that provider's grid, so the emulator offers what production would.
    /// </summary>
    public static bool Accepts(string provider, string model, int durationSeconds, string resolution)
    {
        ArgumentNullException.ThrowIfNull(model);
        return VideoProviderNames.Normalize(provider) switch
        {
            VideoProviderNames.GeminiVeo => AcceptsVeo(model, durationSeconds, resolution),
            VideoProviderNames.OpenAiVideos => AcceptsSora(durationSeconds, resolution),
            VideoProviderNames.Simulator when model.StartsWith("veo-", StringComparison.OrdinalIgnoreCase) =>
                AcceptsVeo(model, durationSeconds, resolution),
            VideoProviderNames.Simulator when model.StartsWith("sora-", StringComparison.OrdinalIgnoreCase) =>
                AcceptsSora(durationSeconds, resolution),
            VideoProviderNames.Simulator => durationSeconds > 0 && !string.IsNullOrWhiteSpace(resolution),
            _ => false,
        };
    }

    /// <summary>The rule of <see cref="Accepts"/> in words, for configuration errors.</summary>
    public static string Describe(string provider, string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var normalized = VideoProviderNames.Normalize(provider);
        if (normalized == VideoProviderNames.GeminiVeo
            || (normalized == VideoProviderNames.Simulator && model.StartsWith("veo-", StringComparison.OrdinalIgnoreCase)))
            return $"Veo takes 4, 6 or 8 s at 720p, 1080p or 4k; 1080p and 4k need 8 s; 4k only on {VeoStandardModel}";
        if (normalized == VideoProviderNames.OpenAiVideos
            || (normalized == VideoProviderNames.Simulator && model.StartsWith("sora-", StringComparison.OrdinalIgnoreCase)))
            return "the Sora format takes 4, 8, 12, 16 or 20 s at 720p, 1080p or 1024p";
        return "any positive duration and resolution";
    }

    private static bool AcceptsVeo(string model, int durationSeconds, string resolution) =>
        VeoDurations.Contains(durationSeconds) && resolution switch
        {
            "720p" => true,
            "1080p" => durationSeconds == 8,
            "4k" => durationSeconds == 8 && string.Equals(model, VeoStandardModel, StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    private static bool AcceptsSora(int durationSeconds, string resolution) =>
        SoraSeconds.Contains(durationSeconds) && SoraResolutions.Contains(resolution);
}
