namespace SoraGateway.Videos.Providers.OpenAiVideos;

/// <summary><c>OpenAiVideos</c> section: any endpoint serving the Sora <c>/v1/videos</c> wire format.</summary>
public sealed class OpenAiVideosOptions
{
    public const string Section = "OpenAiVideos";
    public const string DefaultBaseUrl = "https://api.openai.com/v1";

    /// <summary>Bearer key, sent to the configured host only. Unset: offerings cannot use this provider.</summary>
    public string? ApiKey { get; set; }

    /// <summary>API root (default <see cref="DefaultBaseUrl"/>; usually the operator's gateway).</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Standard Webhooks secret (<c>whsec_…</c>); unset: webhooks are not accepted and polling does the work.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Poll interval when the provider sends no <c>openai-poll-after-ms</c> (default 10 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait after a 429 without a <c>Retry-After</c> header (default 30 s).</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when an API key is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    /// <summary>Never shows the key or the webhook secret.</summary>
    public override string ToString() =>
        $"OpenAiVideos {{ BaseUrl = {BaseUrl}, ApiKey = {(IsConfigured ? "(set)" : "(not set)")}, " +
        $"WebhookSecret = {(string.IsNullOrWhiteSpace(WebhookSecret) ? "(not set)" : "(set)")} }}";
}
