using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SkiaSharp;
using SoraGateway.Videos.Providers.Simulator;

namespace SoraGateway.Tests.Videos.Fakes;

/// <summary>
/// A server of the Sora <c>/v1/videos</c> wire format, in process, validating like the real one:
/// Bearer key, multipart create with <c>seconds</c> and <c>size</c> from the allowed sets and an
/// <c>input_reference</c> that must match <c>size</c>; video objects with <c>openai-poll-after-ms</c>;
/// <c>/content</c> download (optionally by redirect to a storage host that must not see the key).
/// </summary>
/// <remarks>
/// Script it per test: <see cref="NextSubmit"/> queues answers for the next creates;
/// <see cref="SetStatus"/>, <see cref="Complete"/> and <see cref="Fail"/> move a video on
/// (new videos stay <c>queued</c> until then); <see cref="PollAfterMs"/>, <see cref="RedirectContent"/>.
/// </remarks>
public sealed class FakeOpenAiVideosServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-openai-key-MUST-NOT-LEAK";

    private static readonly string[] AllowedSeconds = ["4", "8", "12", "16", "20"];
    private static readonly string[] AllowedSizes = ["720x1280", "1280x720", "1024x1792", "1792x1024", "1080x1920", "1920x1080"];
    private static readonly string[] KnownFields = ["model", "prompt", "seconds", "size", "input_reference"];

    private readonly ConcurrentQueue<FakeReply> _nextSubmits = new();
    private readonly ConcurrentDictionary<string, JsonObject> _videos = new();
    private KestrelFake _api = null!;
    private KestrelFake _storage = null!;

    private FakeOpenAiVideosServer()
    {
    }

    /// <summary>What <c>OpenAiVideos:BaseUrl</c> should be.</summary>
    public string BaseUrl => new Uri(_api.Address, "/v1").ToString();

    public KestrelFake Api => _api;

    public KestrelFake Storage => _storage;

    public IReadOnlyList<RecordedRequest> Submits => [.. _api.Requests.Where(r => r.Method == "POST")];

    /// <summary>The value of <c>openai-poll-after-ms</c> on video objects (null: header absent).</summary>
    public int? PollAfterMs { get; set; } = 1500;

    /// <summary>True: <c>/content</c> answers 302 to the storage host.</summary>
    public bool RedirectContent { get; set; }

    /// <summary>Models the fake knows; others get 400.</summary>
    public HashSet<string> Models { get; } = ["sora-2", "sora-2-pro", "veo-3.1-fast-generate-preview"];

    public byte[] VideoBytes { get; set; } = ReadSample();

    public static async Task<FakeOpenAiVideosServer> StartAsync()
    {
        var server = new FakeOpenAiVideosServer();
        server._api = await KestrelFake.StartAsync(server.HandleApiAsync);
        server._storage = await KestrelFake.StartAsync(server.HandleStorageAsync);
        return server;
    }

    /// <summary>Queues the answer of the next create (after the key check; a scripted answer skips validation).</summary>
    public void NextSubmit(FakeReply reply) => _nextSubmits.Enqueue(reply);

    public static FakeReply RateLimited(int? retryAfterSeconds) => Error(429, "rate_limit_exceeded", "Rate limit reached for videos per minute.",
        retryAfterSeconds is { } s ? new Dictionary<string, string> { ["Retry-After"] = s.ToString(CultureInfo.InvariantCulture) } : null);

    public static FakeReply ServerError(int status = 500) => Error(status, null, "The server had an error while processing your request.");

    public static FakeReply Invalid(string message, string? code = "invalid_value") => Error(400, code, message);

    public void SetStatus(string id, string status, int? progress = null)
    {
        var video = _videos[id];
        video["status"] = status;
        if (progress is { } p)
            video["progress"] = p;
    }

    /// <summary>The video is ready; <paramref name="statusWord"/> lets a test speak a gateway's dialect (<c>succeeded</c>).</summary>
    public void Complete(string id, string statusWord = "completed")
    {
        SetStatus(id, statusWord, 100);
        _videos[id]["completed_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    }

    public void Fail(string id, string code, string message)
    {
        SetStatus(id, "failed");
        _videos[id]["error"] = new JsonObject { ["code"] = code, ["message"] = message };
    }

    private async Task HandleApiAsync(HttpContext context, RecordedRequest request)
    {
        var reply = CheckKey(request);
        if (reply is null)
        {
            if (request.Method == "POST" && request.Path == "/v1/videos")
                reply = _nextSubmits.TryDequeue(out var scripted) ? scripted : await CreateAsync(context, request);
            else if (request.Method == "GET" && request.Path.StartsWith("/v1/videos/", StringComparison.Ordinal))
                reply = await GetAsync(context, request.Path["/v1/videos/".Length..]);
            else
                reply = Error(404, "not_found", "Unknown route.");
        }

        if (reply is not null)
            await reply.WriteAsync(context);
    }

    private static FakeReply? CheckKey(RecordedRequest request)
    {
        var authorization = request.Header("Authorization");
        if (authorization is null)
            return Error(401, null, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.");
        if (authorization == $"Bearer {ApiKey}")
            return null;
        // Like OpenAI, echo a masked form of the rejected key.
        var given = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : authorization;
        var masked = given.Length > 8 ? $"{given[..3]}*****{given[^4..]}" : "***";
        return Error(401, "invalid_api_key", $"Incorrect API key provided: {masked}. You can find your API key at https://platform.openai.com/account/api-keys.");
    }

    private async Task<FakeReply> CreateAsync(HttpContext context, RecordedRequest request)
    {
        if (!context.Request.HasFormContentType || context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true)
            return Invalid("Expected multipart/form-data.", "invalid_request");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        foreach (var key in form.Keys.Concat(form.Files.Select(f => f.Name)))
        {
            if (!KnownFields.Contains(key))
                return Invalid($"Unknown parameter: '{key}'.", "unknown_parameter");
        }

        string model = form["model"].ToString(), prompt = form["prompt"].ToString(), seconds = form["seconds"].ToString(), size = form["size"].ToString();
        if (!Models.Contains(model))
            return Invalid($"Invalid model '{model}'.", "invalid_model");
        if (string.IsNullOrWhiteSpace(prompt))
            return Invalid("Missing required parameter: 'prompt'.", "missing_required_parameter");
        if (!AllowedSeconds.Contains(seconds))
            return Invalid($"Invalid value: '{seconds}'. Supported values are: '4', '8', '12', '16', and '20'.");
        if (!AllowedSizes.Contains(size))
            return Invalid($"Invalid value: '{size}'. Supported values are: {string.Join(", ", AllowedSizes.Select(s => $"'{s}'"))}.");
        if (form.Files.GetFile("input_reference") is { } file)
        {
            using var stream = file.OpenReadStream();
            using var bitmap = SKBitmap.Decode(stream);
            if (bitmap is null)
                return Invalid("input_reference is not an image.", "invalid_image");
            if ($"{bitmap.Width}x{bitmap.Height}" != size)
                return Invalid("Inpaint image must match the requested width and height", "invalid_image_dimensions");
        }
        else if (form.ContainsKey("input_reference"))
        {
            return Invalid("input_reference must be a file.", "invalid_type");
        }

        var id = $"video_{Guid.NewGuid():N}";
        var video = new JsonObject
        {
            ["id"] = id,
            ["object"] = "video",
            ["model"] = model,
            ["status"] = "queued",
            ["progress"] = 0,
            ["created_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["seconds"] = seconds,
            ["size"] = size,
        };
        _videos[id] = video;
        return new FakeReply(200, video.ToJsonString());
    }

    private async Task<FakeReply?> GetAsync(HttpContext context, string rest)
    {
        var id = rest.EndsWith("/content", StringComparison.Ordinal) ? rest[..^"/content".Length] : rest;
        if (!_videos.TryGetValue(id, out var video))
            return Error(404, "not_found", $"Video with id '{id}' not found.");
        if (id == rest)
        {
            var headers = PollAfterMs is { } ms ? new Dictionary<string, string> { ["openai-poll-after-ms"] = ms.ToString(CultureInfo.InvariantCulture) } : null;
            return new FakeReply(200, video.ToJsonString(), headers);
        }

        if (video["status"]?.GetValue<string>() is not ("completed" or "succeeded" or "success"))
            return Error(400, "video_not_ready", "Video is not ready yet.");
        if (RedirectContent)
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = new Uri(_storage.Address, $"/files/{id}.mp4?sig=xyz").ToString();
            return null;
        }

        context.Response.ContentType = "video/mp4";
        await context.Response.Body.WriteAsync(VideoBytes, context.RequestAborted);
        return null;
    }

    private async Task HandleStorageAsync(HttpContext context, RecordedRequest request)
    {
        context.Response.ContentType = "video/mp4";
        await context.Response.Body.WriteAsync(VideoBytes, context.RequestAborted);
    }

    private static FakeReply Error(int status, string? code, string message, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["param"] = null, ["code"] = code },
        }.ToJsonString(), headers);

    private static byte[] ReadSample()
    {
        using var sample = SimulatorProvider.OpenSample();
        using var copy = new MemoryStream();
        sample.CopyTo(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _storage.DisposeAsync();
    }
}
