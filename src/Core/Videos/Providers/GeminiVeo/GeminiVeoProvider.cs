using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SoraGateway.Videos.Providers.GeminiVeo;

/// <summary>
/// Google Veo 3.1 through the Gemini API (<c>predictLongRunning</c> + operation polling).
/// The key goes in <c>x-goog-api-key</c>, and only to the configured Gemini host.
/// </summary>
public sealed partial class GeminiVeoProvider(IHttpClientFactory httpClients, IOptions<GeminiVeoOptions> options) : IVideoProvider
{
    /// <summary>The named HttpClient this adapter uses.</summary>
    public const string HttpClientName = VideoProviderNames.GeminiVeo;

    private const string KeyHeader = "x-goog-api-key";

    /// <inheritdoc />
    public string Name => VideoProviderNames.GeminiVeo;

    /// <inheritdoc />
    public async Task<string> SubmitAsync(VideoRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = Settings();
        var model = request.Model.StartsWith("models/", StringComparison.Ordinal) ? request.Model["models/".Length..] : request.Model;
        if (!ModelName().IsMatch(model))
            throw new VideoProviderException(VideoFailureKind.Misconfigured, $"GeminiVeo model name '{model}' is not valid.");

        using var message = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Combine(settings.BaseUrl, $"models/{model}:predictLongRunning"))
        {
            Content = new StringContent(CreateBody(request).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Add(KeyHeader, settings.ApiKey);
        using var response = await ProviderHttp.SendAsync(Client(), message, Name, "submit", ct);
        if (!response.IsSuccessStatusCode)
            throw await ErrorAsync(response, "submit", settings, ct);

        using var answer = await ReadJsonAsync(response, "submit", ct);
        return answer.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(name.GetString())
            ? name.GetString()!
            : throw new VideoProviderException(VideoFailureKind.Transient, "GeminiVeo submit answered without an operation name.");
    }

    /// <summary>
    /// The <c>predictLongRunning</c> body: one instance (prompt, optional first-frame image) and
    /// only the parameters Veo 3.1 accepts; <c>durationSeconds</c> is a JSON number.
    /// </summary>
    internal static JsonObject CreateBody(VideoRequest request)
    {
        var instance = new JsonObject { ["prompt"] = request.Prompt };
        if (request.Image is { } image)
        {
            var jpeg = FirstFrameImage.FitWithin1080p(image);
            instance["image"] = new JsonObject
            {
                ["bytesBase64Encoded"] = Convert.ToBase64String(jpeg.Bytes),
                ["mimeType"] = jpeg.MimeType,
            };
        }

        return new JsonObject
        {
            ["instances"] = new JsonArray(instance),
            ["parameters"] = new JsonObject
            {
                ["aspectRatio"] = request.Orientation == VideoOrientation.Portrait ? "9:16" : "16:9",
                ["resolution"] = request.Resolution,
                ["durationSeconds"] = request.DurationSeconds,
            },
        };
    }

    /// <inheritdoc />
    public async Task<ProviderJobStatus> GetStatusAsync(string providerJobId, CancellationToken ct)
    {
        var settings = Settings();
        using var message = new HttpRequestMessage(HttpMethod.Get, ProviderHttp.Combine(settings.BaseUrl, CheckedOperationName(providerJobId)));
        message.Headers.Add(KeyHeader, settings.ApiKey);
        using var response = await ProviderHttp.SendAsync(Client(), message, Name, "status", ct);
        if (!response.IsSuccessStatusCode)
            throw await ErrorAsync(response, "status", settings, ct);

        using var answer = await ReadJsonAsync(response, "status", ct);
        return ReadOperation(answer.RootElement, settings.PollInterval);
    }

    /// <summary>Reads a long-running operation: running, failed, refused by the safety filters, or done with a video.</summary>
    internal static ProviderJobStatus ReadOperation(JsonElement operation, TimeSpan pollInterval)
    {
        if (operation.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) ? c.ToString() : null;
            return ProviderJobStatus.Failed(code, String(error, "message") ?? "The provider could not make this video.");
        }

        if (!operation.TryGetProperty("done", out var done) || done.ValueKind != JsonValueKind.True)
            return ProviderJobStatus.Running(null, pollInterval);

        var video = operation.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
            && response.TryGetProperty("generateVideoResponse", out var generated) && generated.ValueKind == JsonValueKind.Object
            ? generated
            : default;
        var filtered = video.ValueKind == JsonValueKind.Object && video.TryGetProperty("raiMediaFilteredCount", out var count)
            && count.ValueKind == JsonValueKind.Number && count.GetInt32() > 0;
        var uri = video.ValueKind == JsonValueKind.Object && video.TryGetProperty("generatedSamples", out var samples)
            && samples.ValueKind == JsonValueKind.Array && samples.GetArrayLength() > 0
            && samples[0].TryGetProperty("video", out var v) && v.ValueKind == JsonValueKind.Object
            ? String(v, "uri")
            : null;

        if (filtered || string.IsNullOrEmpty(uri))
        {
            // Google does not charge a filtered video; the reason is meant to be shown to the user.
            var reason = video.ValueKind == JsonValueKind.Object && video.TryGetProperty("raiMediaFilteredReasons", out var reasons)
                && reasons.ValueKind == JsonValueKind.Array && reasons.GetArrayLength() > 0
                ? reasons[0].ToString()
                : "The provider's safety filters blocked this video.";
            return ProviderJobStatus.Refused("RAI_MEDIA_FILTERED", reason);
        }

        return ProviderJobStatus.Completed(uri);
    }

    /// <inheritdoc />
    public async Task DownloadAsync(string providerJobId, ProviderJobStatus completed, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(completed);
        ArgumentNullException.ThrowIfNull(destination);
        var settings = Settings();
        var link = completed.DownloadUri;
        if (string.IsNullOrEmpty(link))
        {
            var status = await GetStatusAsync(providerJobId, ct);
            link = status.State == ProviderJobState.Completed ? status.DownloadUri : null;
        }

        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new VideoProviderException(VideoFailureKind.Invalid, "GeminiVeo job has no video to download.");

        // Follow the 302 by hand: the storage host that serves the file must never see the key.
        using var response = await ProviderHttp.GetFollowingRedirectsAsync(Client(), uri, new Uri(settings.BaseUrl),
            request => request.Headers.Add(KeyHeader, settings.ApiKey), Name, "download", ct);
        if (!response.IsSuccessStatusCode)
            throw await ErrorAsync(response, "download", settings, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await body.CopyToAsync(destination, ct);
    }

    /// <summary>Veo jobs are followed by polling; Gemini has no per-job webhooks.</summary>
    public VideoWebhookNotice? VerifyWebhook(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> rawBody, DateTimeOffset now) => null;

    private HttpClient Client() => httpClients.CreateClient(HttpClientName);

    private GeminiVeoOptions Settings()
    {
        var settings = options.Value;
        return settings.IsConfigured
            ? settings
            : throw new VideoProviderException(VideoFailureKind.Misconfigured, "GeminiVeo:ApiKey is not set.");
    }

    /// <summary>Operation names come back from Google and out of our database; refuse anything that is not a plain path.</summary>
    private static string CheckedOperationName(string providerJobId) =>
        !string.IsNullOrEmpty(providerJobId) && OperationName().IsMatch(providerJobId) && !providerJobId.Contains("..", StringComparison.Ordinal)
            ? providerJobId
            : throw new VideoProviderException(VideoFailureKind.Invalid, "That is not a GeminiVeo operation name.");

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string operation, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            throw new VideoProviderException(VideoFailureKind.Transient, $"GeminiVeo {operation} answered with unreadable JSON.", innerException: ex);
        }
    }

    /// <summary>
    /// Maps the Google error envelope <c>{"error":{code,message,status,details}}</c>: 429 waits for
    /// <c>RetryInfo.retryDelay</c>; key, permission and precondition problems are configuration; other 4xx are invalid input.
    /// </summary>
    private static async Task<VideoProviderException> ErrorAsync(HttpResponseMessage response, string operation, GeminiVeoOptions settings, CancellationToken ct)
    {
        var text = await ProviderHttp.ReadErrorBodyAsync(response, ct);
        string? status = null, message = null, reason = null;
        TimeSpan? retryDelay = null;
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                status = String(error, "status");
                message = String(error, "message");
                if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
                {
                    foreach (var detail in details.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object))
                    {
                        var type = String(detail, "@type");
                        if (type == "type.googleapis.com/google.rpc.RetryInfo")
                            retryDelay = ParseDuration(String(detail, "retryDelay"));
                        else if (type == "type.googleapis.com/google.rpc.ErrorInfo")
                            reason = String(detail, "reason");
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not Google's envelope (a proxy's HTML page, say): the HTTP status decides alone.
        }

        var kind = ProviderHttp.Classify(response.StatusCode);
        if (kind == VideoFailureKind.Invalid
            && (status is "FAILED_PRECONDITION" or "PERMISSION_DENIED" or "UNAUTHENTICATED" or "NOT_FOUND"
                || reason is "API_KEY_INVALID" or "API_KEY_EXPIRED" or "SERVICE_DISABLED" or "API_KEY_SERVICE_BLOCKED"))
            kind = VideoFailureKind.Misconfigured;

        var providerMessage = ProviderHttp.Redact(message, settings.ApiKey);
        var retryAfter = kind == VideoFailureKind.RateLimited ? retryDelay ?? settings.DefaultRetryAfter : (TimeSpan?)null;
        return new VideoProviderException(kind,
            $"GeminiVeo {operation} failed: HTTP {(int)response.StatusCode} {status ?? response.ReasonPhrase}{(providerMessage is null ? "" : $": {providerMessage}")}",
            retryAfter, status ?? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), providerMessage);
    }

    /// <summary>A protobuf JSON duration such as <c>"37s"</c> or <c>"0.5s"</c>.</summary>
    internal static TimeSpan? ParseDuration(string? value) =>
        value is { Length: > 1 } && value.EndsWith('s')
        && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*$")]
    private static partial Regex ModelName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex OperationName();
}
