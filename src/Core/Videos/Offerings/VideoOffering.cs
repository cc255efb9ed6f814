using SoraGateway.Users;
using SoraGateway.Videos.Providers;

namespace SoraGateway.Videos.Offerings;

/// <summary>A checked offering: what the bot shows as one "quality" choice.</summary>
public sealed record VideoOffering(
    string Code,
    string Provider,
    string Model,
    string LabelVi,
    string LabelEn,
    IReadOnlyList<int> Durations,
    IReadOnlyList<string> Resolutions,
    IReadOnlyList<VideoOrientation> Orientations,
    IReadOnlyDictionary<string, long> CreditsPerSecond)
{
    /// <summary>The label in the user's language (<c>vi</c> or <c>en</c>).</summary>
    public string Label(string language) => Languages.Normalize(language) == Languages.English ? LabelEn : LabelVi;

    /// <summary>Credits for <paramref name="durationSeconds"/> seconds at <paramref name="resolution"/>: price per second × seconds.</summary>
    public long PriceCredits(string resolution, int durationSeconds) => checked(CreditsPerSecond[resolution] * durationSeconds);
}

/// <summary>One combination the provider accepts, with its price: what the user confirms and pays.</summary>
public sealed record VideoChoice(VideoOffering Offering, int DurationSeconds, string Resolution, VideoOrientation Orientation, long PriceCredits)
{
    /// <summary>The provider request for this choice.</summary>
    public VideoRequest ToRequest(string prompt, VideoImage? image) =>
        new(Offering.Model, prompt, DurationSeconds, Resolution, Orientation, image);
}

/// <summary>The choices a user has made so far; null means "not chosen yet".</summary>
public sealed record VideoChoiceFilter(
    string? OfferingCode = null,
    int? DurationSeconds = null,
    string? Resolution = null,
    VideoOrientation? Orientation = null)
{
    /// <summary>Nothing chosen yet.</summary>
    public static VideoChoiceFilter None { get; } = new();

    /// <summary>True when <paramref name="choice"/> agrees with every choice made.</summary>
    public bool Matches(VideoChoice choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        return (OfferingCode is null || string.Equals(OfferingCode, choice.Offering.Code, StringComparison.OrdinalIgnoreCase))
            && (DurationSeconds is null || DurationSeconds == choice.DurationSeconds)
            && (Resolution is null || string.Equals(Resolution.Trim(), choice.Resolution, StringComparison.OrdinalIgnoreCase))
            && (Orientation is null || Orientation == choice.Orientation);
    }
}
