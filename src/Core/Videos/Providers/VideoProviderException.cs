namespace SoraGateway.Videos.Providers;

/// <summary>What kind of trouble a provider call ran into, which decides what the job runner does next.</summary>
public enum VideoFailureKind
{
    /// <summary>5xx or time-out after the HTTP retries: try again later, keep the job's place.</summary>
    Transient,

    /// <summary>429: re-queue after <see cref="VideoProviderException.RetryAfter"/>; do not fail the job.</summary>
    RateLimited,

    /// <summary>The provider refused the content at submission: fail, refund, show the reason.</summary>
    Refused,

    /// <summary>The provider rejected the request (400/422): fail, refund, show the reason.</summary>
    Invalid,

    /// <summary>Our configuration is wrong (key, model, permissions): fail, refund, alert the operator.</summary>
    Misconfigured,
}

/// <summary>
/// A provider call failed. The message never contains an API key: adapters build it from the
/// provider's name, the HTTP status and the provider's (redacted) message only.
/// </summary>
public sealed class VideoProviderException : Exception
{
    public VideoProviderException()
        : this(VideoFailureKind.Transient, "The video provider call failed.")
    {
    }

    public VideoProviderException(string message)
        : this(VideoFailureKind.Transient, message)
    {
    }

    public VideoProviderException(string message, Exception innerException)
        : this(VideoFailureKind.Transient, message, innerException: innerException)
    {
    }

    public VideoProviderException(
        VideoFailureKind kind,
        string message,
        TimeSpan? retryAfter = null,
        string? providerCode = null,
        string? providerMessage = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        RetryAfter = retryAfter;
        ProviderCode = providerCode;
        ProviderMessage = providerMessage;
    }

    /// <summary>What the job runner should do about it.</summary>
    public VideoFailureKind Kind { get; }

    /// <summary>For <see cref="VideoFailureKind.RateLimited"/>: how long the provider asked us to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The provider's own code (<c>RESOURCE_EXHAUSTED</c>, <c>invalid_api_key</c>…), when it gave one.</summary>
    public string? ProviderCode { get; }

    /// <summary>The provider's own words, redacted; fit to show the user for <see cref="VideoFailureKind.Invalid"/> and <see cref="VideoFailureKind.Refused"/>.</summary>
    public string? ProviderMessage { get; }
}
