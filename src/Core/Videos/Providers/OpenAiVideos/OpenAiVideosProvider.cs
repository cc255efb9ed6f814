using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SoraGateway.Videos.Providers.OpenAiVideos;

/// <summary>
/// The Sora <c>/v1/videos</c> wire format, for OpenAI-compatible gateways that still serve it:
/// multipart create, poll the video object, download its content, Standard Webhooks events.
/// </summary>
public sealed partial class OpenAiVideosProvider(IHttpClientFactory httpClients, IOptions<OpenAiVideosOptions> options, TimeProvider time)
    : IVideoProvider
{
    /// <summary>The named HttpClient this adapter uses.</summary>
    public const string HttpClientName = VideoProviderNames.OpenAiVideos;

    private const string PollAfterHeader = "openai-poll-after-ms";

    // Substrings of error.code that mean "the content was refused", as gateways spell it.
    private static readonly string[] RefusalCodes = ["moderation", "content_policy", "content-policy", "content_filter", "safety", "policy_violation"];

    /// <inheritdoc />
    public string Name => VideoProviderNames.OpenAiVideos;

    /// <summary>
    /// The Sora <c>size</c> for a resolution and orientation: 720p → 1280x720, 1080p → 1920x1080,
    /// 1024p → 1792x1024 (sora-2-pro's tall size); portrait swaps the sides. Null for anything else.
    /// </summary>
    public static (int Width, int Height)? SizeFor(string resolution, VideoOrientation orientation)
    {
        (int, int)? landscape = resolution?.Trim().ToLowerInvariant() switch
        {
            "720p" => (1280, 720),
            "1080p" => (1920, 1080),
            "1024p" => (1792, 1024),
            _ => null,
        };
        return landscape is not var (w, h) ? null : orientation == VideoOrientation.Portrait ? (h, w) : (w, h);
    }

    /// <inheritdoc />
    public async Task<string> SubmitAsync(VideoRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = Settings();
        var size = SizeFor(request.Resolution, request.Orientation)
            ?? throw new VideoProviderException(VideoFailureKind.Invalid, $"OpenAiVideos has no size for resolution '{request.Resolution}'.");

        using var form = CreateForm(request, size);
        using var message = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Combine(settings.BaseUrl, "videos")) { Content = form };
        Authorize(message, settings);
        using var response = await ProviderHttp.SendAsync(Client(), message, Name, "submit", ct);
        if (!response.IsSuccessStatusCode)
            throw await ErrorAsync(response, "submit", settings, ct);

        using var video = await ReadJsonAsync(response, "submit", ct);
        return String(video.RootElement, "id") is { Length: > 0 } id
            ? id
            : throw new VideoProviderException(VideoFailureKind.Transient, "OpenAiVideos submit answered without a video id.");
    }

    /// <summary>The multipart create: <c>model</c>, <c>prompt</c>, <c>seconds</c> (a string), <c>size</c>, optional <c>input_reference</c>.</summary>
    internal static MultipartFormDataContent CreateForm(VideoRequest request, (int Width, int Height) size)
    {
        var form = new MultipartFormDataContent();
        Add(form, new StringContent(request.Model), "model");
        Add(form, new StringContent(request.Prompt), "prompt");
        Add(form, new StringContent(request.DurationSeconds.ToString(CultureInfo.InvariantCulture)), "seconds");
        Add(form, new StringContent($"{size.Width}x{size.Height}"), "size");
        if (request.Image is { } image)
        {
            // Sora requires the reference image to match the video size exactly.
            var jpeg = FirstFrameImage.CoverExactly(image, size.Width, size.Height);
            var file = new ByteArrayContent(jpeg.Bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(jpeg.MimeType);
            Add(form, file, "input_reference", "first-frame.jpg");
        }

        return form;
    }

    /// <summary>Adds a part with quoted names (<c>name="model"</c>), as browsers and curl send them; some gateways insist.</summary>
    private static void Add(MultipartFormDataContent form, HttpContent part, string name, string? fileName = null)
    {
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
        {
            Name = $"\"{name}\"",
            FileName = fileName is null ? null : $"\"{fileName}\"",
        };
        form.Add(part);
    }

    /// <inheritdoc />
    public async Task<ProviderJobStatus> GetStatusAsync(string providerJobId, CancellationToken ct)
    {
        var settings = Settings();
        var id = CheckedId(providerJobId);
        using var message = new HttpRequestMessage(HttpMethod.Get, ProviderHttp.Combine(settings.BaseUrl, $"videos/{id}"));
        Authorize(message, settings);
        using var response = await ProviderHttp.SendAsync(Client(), message, Name, "status", ct);
        if (!response.IsSuccessStatusCode)
            throw await ErrorAsync(response, "status", settings, ct);

        var pollAfter = settings.PollInterval;
        if (response.Headers.TryGetValues(PollAfterHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            pollAfter = TimeSpan.FromMilliseconds(ms);

        using var video = await ReadJsonAsync(response, "status", ct);
        var contentUri = ProviderHttp.Combine(settings.BaseUrl, $"videos/{id}/content").ToString();
        return ReadVideo(video.RootElement, pollAfter, contentUri);
    }

    /// <summary>Reads a video object; gateway synonyms of the status words are accepted, unknown words mean "still running".</summary>
    internal static ProviderJobStatus ReadVideo(JsonElement video, TimeSpan pollAfter, string contentUri)
    {
        int? progress = video.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out var value)
            ? (int)Math.Clamp(Math.Round(value), 0, 100)
            : null;
        switch (String(video, "status")?.Trim().ToLowerInvariant())
        {
            case "queued" or "pending":
                return new ProviderJobStatus(ProviderJobState.Queued, progress ?? 0, null, null, pollAfter, null);
            case "completed" or "succeeded" or "success":
                return ProviderJobStatus.Completed(contentUri);
            case "failed" or "failure" or "error" or "cancelled" or "canceled" or "expired":
                string? code = null, message = null;
                if (video.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    code = error.TryGetProperty("code", out var c) && c.ValueKind is JsonValueKind.String or JsonValueKind.Number ? c.ToString() : null;
                    message = String(error, "message");
                }

                return code is not null && RefusalCodes.Any(r => code.Contains(r, StringComparison.OrdinalIgnoreCase))
                    ? ProviderJobStatus.Refused(code, message ?? "The provider's content policy refused this video.")
                    : ProviderJobStatus.Failed(code, message ?? "The provider could not make this video.");
            default:
                // in_progress, processing, running, and words we do not know yet.
                return ProviderJobStatus.Running(progress, pollAfter);
        }
    }

    /// <inheritdoc />
    public async Task DownloadAsync(string providerJobId, ProviderJobStatus completed, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var settings = Settings();
        var uri = ProviderHttp.Combine(settings.BaseUrl, $"videos/{CheckedId(providerJobId)}/content");
        // Some gateways redirect to their storage: the Bearer key goes to the configured host only.
        using var response = await ProviderHttp.GetFollowingRedirectsAsync(Client(), uri, new Uri(settings.BaseUrl),
            request => Authorize(request, settings), Name, "download", ct);
        if (!response.IsSuccessStatusCode)
            throw await ErrorAsync(response, "download", settings, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await body.CopyToAsync(destination, ct);
    }

    /// <summary>
    /// Standard Webhooks delivery → the video it is about (<c>data.id</c>). Null without a
    /// configured <c>OpenAiVideos:WebhookSecret</c>, for a bad signature or an unreadable body.
    /// Any signed event with a <c>data.id</c> is returned (the runner polls that job); the
    /// interesting types are <c>video.completed</c> and <c>video.failed</c>.
    /// </summary>
    public VideoWebhookNotice? VerifyWebhook(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> rawBody, DateTimeOffset now)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrWhiteSpace(secret) || headers is null || StandardWebhookSignature.KeyFromSecret(secret) is not { } key
            || !StandardWebhookSignature.Verify(key, headers, rawBody, now))
            return null;

        try
        {
            var reader = new Utf8JsonReader(rawBody);
            using var json = JsonDocument.ParseValue(ref reader);
            var root = json.RootElement;
            var type = root.ValueKind == JsonValueKind.Object ? String(root, "type") : null;
            var videoId = type is not null && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                ? String(data, "id")
                : null;
            return string.IsNullOrEmpty(videoId)
                ? null
                : new VideoWebhookNotice(videoId, StandardWebhookSignature.Header(headers, StandardWebhookSignature.IdHeader)!, type!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private HttpClient Client() => httpClients.CreateClient(HttpClientName);

    private OpenAiVideosOptions Settings()
    {
        var settings = options.Value;
        return settings.IsConfigured
            ? settings
            : throw new VideoProviderException(VideoFailureKind.Misconfigured, "OpenAiVideos:ApiKey is not set.");
    }

    private static void Authorize(HttpRequestMessage request, OpenAiVideosOptions settings) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);

    private static string CheckedId(string providerJobId) =>
        !string.IsNullOrEmpty(providerJobId) && VideoId().IsMatch(providerJobId)
            ? providerJobId
            : throw new VideoProviderException(VideoFailureKind.Invalid, "That is not an OpenAiVideos video id.");

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string operation, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            throw new VideoProviderException(VideoFailureKind.Transient, $"OpenAiVideos {operation} answered with unreadable JSON.", innerException: ex);
        }
    }

    /// <summary>
    /// Maps the OpenAI error envelope <c>{"error":{message,type,param,code}}</c>. After a 401/403 the
    /// provider's text is dropped: OpenAI echoes part of the rejected key in it.
    /// </summary>
    private async Task<VideoProviderException> ErrorAsync(HttpResponseMessage response, string operation, OpenAiVideosOptions settings, CancellationToken ct)
    {
        var text = await ProviderHttp.ReadErrorBodyAsync(response, ct);
        string? code = null, message = null;
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                code = String(error, "code") ?? String(error, "type");
                message = String(error, "message");
            }
        }
        catch (JsonException)
        {
            // Not the OpenAI envelope: the HTTP status decides alone.
        }

        var status = (int)response.StatusCode;
        var kind = ProviderHttp.Classify(response.StatusCode);
        if (kind == VideoFailureKind.Invalid && code is not null && RefusalCodes.Any(r => code.Contains(r, StringComparison.OrdinalIgnoreCase)))
            kind = VideoFailureKind.Refused;
        var providerMessage = status is 401 or 403
            ? $"The provider rejected our credentials (HTTP {status})."
            : ProviderHttp.Redact(message, settings.ApiKey, settings.WebhookSecret);
        var retryAfter = kind == VideoFailureKind.RateLimited ? RetryAfter(response) ?? settings.DefaultRetryAfter : (TimeSpan?)null;
        return new VideoProviderException(kind,
            $"OpenAiVideos {operation} failed: HTTP {status}{(code is null ? "" : $" {code}")}: {providerMessage ?? response.ReasonPhrase}",
            retryAfter, code ?? status.ToString(CultureInfo.InvariantCulture), providerMessage);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex(@"^(?!\.+$)[A-Za-z0-9_.-]+$")]
    private static partial Regex VideoId();
}
