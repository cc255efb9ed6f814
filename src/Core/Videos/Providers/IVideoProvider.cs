namespace SoraGateway.Videos.Providers;

/// <summary>A provider event that says "look at this job now": the runner then polls the job.</summary>
/// <param name="ProviderJobId">The job the event is about (the provider job id returned by submit).</param>
/// <param name="EventId">The delivery id (<c>webhook-id</c>): dedupe on it.</param>
/// <param name="EventType">The provider's event type, e.g. <c>video.completed</c>.</param>
public sealed record VideoWebhookNotice(string ProviderJobId, string EventId, string EventType);

/// <summary>
/// One video provider behind the Sora request model: submit a job, follow it (poll always works,
/// webhooks only shorten the wait), download the MP4 as soon as it is done.
/// Errors surface as <see cref="VideoProviderException"/>; a content refusal found while polling is
/// a <see cref="ProviderJobState.Refused"/> status, not an exception.
/// </summary>
public interface IVideoProvider
{
    /// <summary><c>GeminiVeo</c>, <c>OpenAiVideos</c> or <c>Simulator</c> (see <see cref="VideoProviderNames"/>).</summary>
    string Name { get; }

    /// <summary>Starts a job and returns the provider's job id (store it at once: the job may be paid for).</summary>
    Task<string> SubmitAsync(VideoRequest request, CancellationToken ct);

    /// <summary>Asks the provider how the job is doing.</summary>
    Task<ProviderJobStatus> GetStatusAsync(string providerJobId, CancellationToken ct);

    /// <summary>Streams the finished MP4 into <paramref name="destination"/>.</summary>
    /// <param name="providerJobId">The job.</param>
    /// <param name="completed">The status that said <see cref="ProviderJobState.Completed"/> (carries the link where the provider has one).</param>
    /// <param name="destination">Where the MP4 bytes go; not closed.</param>
    /// <param name="ct">Cancels the download.</param>
    Task DownloadAsync(string providerJobId, ProviderJobStatus completed, Stream destination, CancellationToken ct);

    /// <summary>
    /// Checks a webhook delivery's signature and reads which job it is about. Returns null when the
    /// signature is missing or wrong, the timestamp is outside the tolerance around
    /// <paramref name="now"/>, the body is unreadable, or the provider has no webhooks; never throws
    /// for bad input.
    /// </summary>
    VideoWebhookNotice? VerifyWebhook(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> rawBody, DateTimeOffset now);
}

/// <summary>The configured providers, by name (case-insensitive).</summary>
public interface IVideoProviderRegistry
{
    /// <summary>The provider with this name; throws <see cref="KeyNotFoundException"/> for an unknown name.</summary>
    IVideoProvider Get(string name);

    /// <summary>The provider with this name, if there is one.</summary>
    bool TryGet(string name, out IVideoProvider provider);

    /// <summary>Every provider's name.</summary>
    IReadOnlyCollection<string> Names { get; }
}
