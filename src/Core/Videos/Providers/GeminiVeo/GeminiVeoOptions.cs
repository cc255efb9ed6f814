namespace SoraGateway.Videos.Providers.GeminiVeo;

/// <summary><c>GeminiVeo</c> section: Google Veo 3.1 through the Gemini API.</summary>
public sealed class GeminiVeoOptions
{
    public const string Section = "GeminiVeo";
    public const string DefaultBaseUrl = "https://generativelanguage.googleapis.com/v1beta";

    /// <summary>Gemini API key, sent as <c>x-goog-api-key</c> to the Gemini host only. Unset: offerings cannot use Veo.</summary>
    public string? ApiKey { get; set; }

    /// <summary>API root (default <see cref="DefaultBaseUrl"/>; tests point it at a fake).</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>How often to poll a running operation (Veo has no progress; default 10 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait after a 429 that carries no <c>RetryInfo</c> (default 30 s).</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when an API key is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>Never shows the key.</summary>
    public override string ToString() =>
        $"GeminiVeo {{ BaseUrl = {BaseUrl}, ApiKey = {(IsConfigured ? "(set)" : "(not set)")}, PollInterval = {PollInterval} }}";
}
