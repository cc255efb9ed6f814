using SoraGateway.Videos.Providers;

namespace SoraGateway.Videos.Offerings;

/// <summary><c>Video</c> section: the offering catalog (<c>Video:Offerings</c>).</summary>
public sealed class VideoOfferingOptions
{
    public const string Section = "Video";

    /// <summary>Configured offerings; when empty, <see cref="BuiltIn"/> is used.</summary>
    // Not pre-filled: the configuration binder appends to a non-empty list instead of replacing it.
    public List<VideoOfferingSettings> Offerings { get; set; } = [];

    /// <summary>True when the configuration has no offerings and the built-in simulated catalog applies.</summary>
    public bool UsesBuiltIn => Offerings.Count == 0;

    /// <summary>What the catalog is built from.</summary>
    public IReadOnlyList<VideoOfferingSettings> EffectiveOfferings => UsesBuiltIn ? BuiltIn : Offerings;

    /// <summary>
    /// The catalog of an unconfigured install: simulated Veo 3.1 Lite, Fast and Standard with the
    /// real Veo grid (4/6/8 s; 1080p and 4k at 8 s only; 4k on the standard model), so the local
    /// emulator behaves like production without any key.
    /// </summary>
    public static IReadOnlyList<VideoOfferingSettings> BuiltIn { get; } =
    [
        Simulated("lite", "veo-3.1-lite-generate-preview", "Veo 3.1 Lite (mô phỏng)", "Veo 3.1 Lite (simulated)",
            new() { ["720p"] = 2, ["1080p"] = 3 }),
        Simulated("fast", "veo-3.1-fast-generate-preview", "Veo 3.1 Fast (mô phỏng)", "Veo 3.1 Fast (simulated)",
            new() { ["720p"] = 3, ["1080p"] = 4 }),
        Simulated("pro", VideoProviderRules.VeoStandardModel, "Veo 3.1 (mô phỏng)", "Veo 3.1 (simulated)",
            new() { ["720p"] = 8, ["1080p"] = 10, ["4k"] = 16 }),
    ];

    private static VideoOfferingSettings Simulated(string code, string model, string labelVi, string labelEn, Dictionary<string, long> prices) => new()
    {
        Code = code,
        Provider = VideoProviderNames.Simulator,
        Model = model,
        LabelVi = labelVi,
        LabelEn = labelEn,
        Durations = [4, 6, 8],
        Resolutions = [.. prices.Keys],
        Orientations = ["landscape", "portrait"],
        CreditsPerSecond = new Dictionary<string, long>(prices, StringComparer.OrdinalIgnoreCase),
    };
}

/// <summary>One offering as configured (<c>Video:Offerings:N</c>); checked and turned into a <see cref="VideoOffering"/> by the catalog.</summary>
public sealed class VideoOfferingSettings
{
    /// <summary>Short code shown nowhere but stored with jobs and in button data: 1–32 of a–z, 0–9, '-'.</summary>
    public string Code { get; set; } = "";

    /// <summary><c>GeminiVeo</c>, <c>OpenAiVideos</c> or <c>Simulator</c>.</summary>
    public string Provider { get; set; } = "";

    /// <summary>The provider's model name.</summary>
    public string Model { get; set; } = "";

    public string LabelVi { get; set; } = "";
    public string LabelEn { get; set; } = "";

    /// <summary>Durations in seconds the bot may offer.</summary>
    public List<int> Durations { get; set; } = [];

    /// <summary><c>720p</c>, <c>1080p</c>, <c>4k</c>, <c>1024p</c>.</summary>
    public List<string> Resolutions { get; set; } = [];

    /// <summary><c>landscape</c> and/or <c>portrait</c>.</summary>
    public List<string> Orientations { get; set; } = [];

    /// <summary>Price per second of video, in credits, for each resolution.</summary>
    public Dictionary<string, long> CreditsPerSecond { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
