using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SoraGateway.Videos.Providers;
using SoraGateway.Videos.Providers.GeminiVeo;
using SoraGateway.Videos.Providers.OpenAiVideos;

namespace SoraGateway.Videos.Offerings;

/// <summary>
/// What the bot can sell: every (offering, duration, resolution, orientation) the provider accepts,
/// with its price; and the questions the chat flow asks of it as the user chooses step by step.
/// </summary>
public sealed partial class VideoOfferingCatalog
{
    /// <summary>A price per second above this is surely a typo (and keeps prices far from overflow).</summary>
    public const long MaxCreditsPerSecond = 1_000_000;

    public VideoOfferingCatalog(IOptions<VideoOfferingOptions> offerings, IOptions<GeminiVeoOptions> gemini, IOptions<OpenAiVideosOptions> openAi)
    {
        var errors = new List<string>();
        (Offerings, Choices) = Build(offerings.Value, gemini.Value.IsConfigured, openAi.Value.IsConfigured, errors);
        if (errors.Count > 0)
            throw new OptionsValidationException(VideoOfferingOptions.Section, typeof(VideoOfferingOptions), errors);
    }

    /// <summary>The offerings, in configuration order.</summary>
    public IReadOnlyList<VideoOffering> Offerings { get; }

    /// <summary>Every valid combination: offerings in order, then durations ascending, resolutions low to high, orientations as configured.</summary>
    public IReadOnlyList<VideoChoice> Choices { get; }

    /// <summary>The combinations that agree with the choices made so far.</summary>
    public IReadOnlyList<VideoChoice> Matching(VideoChoiceFilter? filter = null) =>
        filter is null ? Choices : [.. Choices.Where(filter.Matches)];

    /// <summary>Durations still possible, ascending.</summary>
    public IReadOnlyList<int> Durations(VideoChoiceFilter? filter = null) =>
        [.. Matching(filter).Select(c => c.DurationSeconds).Distinct().Order()];

    /// <summary>Resolutions still possible, low to high.</summary>
    public IReadOnlyList<string> Resolutions(VideoChoiceFilter? filter = null) =>
        [.. Matching(filter).Select(c => c.Resolution).Distinct().OrderBy(ResolutionRank).ThenBy(r => r, StringComparer.Ordinal)];

    /// <summary>Orientations still possible (landscape first).</summary>
    public IReadOnlyList<VideoOrientation> Orientations(VideoChoiceFilter? filter = null) =>
        [.. Matching(filter).Select(c => c.Orientation).Distinct().Order()];

    /// <summary>Offerings still possible, in configuration order.</summary>
    public IReadOnlyList<VideoOffering> OfferingsFor(VideoChoiceFilter? filter = null) =>
        [.. Matching(filter).Select(c => c.Offering).Distinct()];

    /// <summary>The cheapest price among the combinations still possible ("from 8 credits"), or null when none is.</summary>
    public long? LowestPrice(VideoChoiceFilter? filter = null) =>
        Matching(filter).Select(c => (long?)c.PriceCredits).Min();

    /// <summary>The offering with this code (case-insensitive), or null.</summary>
    public VideoOffering? FindOffering(string code) =>
        Offerings.FirstOrDefault(o => string.Equals(o.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The exact combination with its price, or null when it is not on sale (re-check at confirm time).</summary>
    public VideoChoice? Find(string code, int durationSeconds, string resolution, VideoOrientation orientation) =>
        Choices.FirstOrDefault(new VideoChoiceFilter(code, durationSeconds, resolution, orientation).Matches);

    /// <summary>
    /// Checks the configured (or built-in) offerings and builds the catalog; every problem is added
    /// to <paramref name="errors"/> as one sentence naming the configuration key.
    /// </summary>
    public static (IReadOnlyList<VideoOffering> Offerings, IReadOnlyList<VideoChoice> Choices) Build(
        VideoOfferingOptions options, bool geminiConfigured, bool openAiConfigured, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var offerings = new List<VideoOffering>();
        var choices = new List<VideoChoice>();
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var settings = options.EffectiveOfferings;
        for (var i = 0; i < settings.Count; i++)
        {
            var key = $"Video:Offerings:{i}";
            var offering = Check(settings[i], key, geminiConfigured, openAiConfigured, errors);
            if (offering is null)
                continue;
            if (codes.TryGetValue(offering.Code, out var first))
            {
                errors.Add($"{key}:Code '{offering.Code}' is already used by Video:Offerings:{first}.");
                continue;
            }

            codes[offering.Code] = i;
            var valid = Combinations(offering).ToList();
            if (valid.Count == 0)
            {
                errors.Add($"{key} ('{offering.Code}') has no combination that {offering.Provider} accepts: " +
                    $"{VideoProviderRules.Describe(offering.Provider, offering.Model)}.");
                continue;
            }

            ReportUnusable(offering, key, valid, errors);
            offerings.Add(offering);
            choices.AddRange(valid);
        }

        return (offerings, choices);
    }

    private static VideoOffering? Check(VideoOfferingSettings s, string key, bool geminiConfigured, bool openAiConfigured, List<string> errors)
    {
        var before = errors.Count;
        var code = s.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
            errors.Add($"{key}:Code must be 1–32 characters of a–z, 0–9 and '-', not '{code}'.");

        var provider = VideoProviderNames.Normalize(s.Provider);
        if (provider is null)
            errors.Add($"{key}:Provider '{s.Provider}' is not a known provider ({string.Join(", ", VideoProviderNames.All)}).");
        else if (provider == VideoProviderNames.GeminiVeo && !geminiConfigured)
            errors.Add($"{key}:Provider is GeminiVeo but GeminiVeo:ApiKey is not set.");
        else if (provider == VideoProviderNames.OpenAiVideos && !openAiConfigured)
            errors.Add($"{key}:Provider is OpenAiVideos but OpenAiVideos:ApiKey is not set.");

        if (string.IsNullOrWhiteSpace(s.Model))
            errors.Add($"{key}:Model is required.");
        if (string.IsNullOrWhiteSpace(s.LabelVi))
            errors.Add($"{key}:LabelVi is required.");
        if (string.IsNullOrWhiteSpace(s.LabelEn))
            errors.Add($"{key}:LabelEn is required.");

        var durations = s.Durations ?? [];
        if (durations.Count == 0)
            errors.Add($"{key}:Durations is empty: list at least one duration in seconds.");
        for (var n = 0; n < durations.Count; n++)
        {
            if (durations[n] <= 0)
                errors.Add($"{key}:Durations:{n} must be a positive number of seconds, not {durations[n]}.");
        }

        var resolutions = (s.Resolutions ?? []).Select(r => r?.Trim().ToLowerInvariant() ?? "").ToList();
        if (resolutions.Count == 0)
            errors.Add($"{key}:Resolutions is empty: list at least one (720p, 1080p, 4k, 1024p).");
        var prices = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (var n = 0; n < resolutions.Count; n++)
        {
            var resolution = resolutions[n];
            if (resolution.Length == 0)
                errors.Add($"{key}:Resolutions:{n} is empty.");
            else if (s.CreditsPerSecond is null || !s.CreditsPerSecond.TryGetValue(resolution, out var price))
                errors.Add($"{key}:CreditsPerSecond:{resolution} is missing: every resolution needs a price.");
            else if (price <= 0)
                errors.Add($"{key}:CreditsPerSecond:{resolution} must be a positive number of credits, not {price}.");
            else if (price > MaxCreditsPerSecond)
                errors.Add($"{key}:CreditsPerSecond:{resolution} is {price}, more than {MaxCreditsPerSecond}.");
            else
                prices[resolution] = price;
        }

        var orientations = new List<VideoOrientation>();
        var orientationSettings = s.Orientations ?? [];
        if (orientationSettings.Count == 0)
            errors.Add($"{key}:Orientations is empty: list landscape and/or portrait.");
        for (var n = 0; n < orientationSettings.Count; n++)
        {
            var text = orientationSettings[n]?.Trim();
            if (string.Equals(text, "landscape", StringComparison.OrdinalIgnoreCase))
                orientations.Add(VideoOrientation.Landscape);
            else if (string.Equals(text, "portrait", StringComparison.OrdinalIgnoreCase))
                orientations.Add(VideoOrientation.Portrait);
            else
                errors.Add($"{key}:Orientations:{n} must be landscape or portrait, not '{text}'.");
        }

        if (errors.Count > before)
            return null;
        return new VideoOffering(code, provider!, s.Model.Trim(), s.LabelVi.Trim(), s.LabelEn.Trim(),
            [.. durations.Distinct().Order()],
            [.. resolutions.Distinct().OrderBy(ResolutionRank).ThenBy(r => r, StringComparer.Ordinal)],
            [.. orientations.Distinct()],
            prices);
    }

    private static IEnumerable<VideoChoice> Combinations(VideoOffering offering) =>
        from duration in offering.Durations
        from resolution in offering.Resolutions
        where VideoProviderRules.Accepts(offering.Provider, offering.Model, duration, resolution)
        from orientation in offering.Orientations
        select new VideoChoice(offering, duration, resolution, orientation, offering.PriceCredits(resolution, duration));

    /// <summary>A duration or resolution that no combination can use is a configuration mistake, not a silent no-op.</summary>
    private static void ReportUnusable(VideoOffering offering, string key, List<VideoChoice> valid, List<string> errors)
    {
        var rule = VideoProviderRules.Describe(offering.Provider, offering.Model);
        foreach (var duration in offering.Durations.Where(d => valid.All(c => c.DurationSeconds != d)))
            errors.Add($"{key}:Durations has {duration} s, which {offering.Provider} never accepts with these resolutions ({rule}).");
        foreach (var resolution in offering.Resolutions.Where(r => valid.All(c => c.Resolution != r)))
            errors.Add($"{key}:Resolutions has {resolution}, which {offering.Provider} never accepts with these durations and model ({rule}).");
    }

    /// <summary>Orders resolutions by their height: 720p, 1024p, 1080p, 4k.</summary>
    private static int ResolutionRank(string resolution) =>
        resolution == "4k" ? 2160
        : resolution.EndsWith('p') && int.TryParse(resolution[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var lines) ? lines
        : int.MaxValue;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,31})$")]
    private static partial Regex CodePattern();
}

/// <summary>Checks <c>Video:Offerings</c> at start, so a bad catalog stops the host with messages naming the keys.</summary>
internal sealed class VideoOfferingOptionsValidator(IOptions<GeminiVeoOptions> gemini, IOptions<OpenAiVideosOptions> openAi)
    : IValidateOptions<VideoOfferingOptions>
{
    public ValidateOptionsResult Validate(string? name, VideoOfferingOptions options)
    {
        var errors = new List<string>();
        VideoOfferingCatalog.Build(options, gemini.Value.IsConfigured, openAi.Value.IsConfigured, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
