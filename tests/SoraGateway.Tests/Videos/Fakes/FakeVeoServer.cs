using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SoraGateway.Videos.Providers.Simulator;

namespace SoraGateway.Tests.Videos.Fakes;

/// <summary>
/// The Gemini API's Veo surface, in process, validating requests like the real service
/// (<c>specs/video-providers.md</c>): <c>predictLongRunning</c>, operation polling, file download
/// by 302 to a second server ("storage") that must never see the API key.
/// </summary>
/// <remarks>
/// Script it per test: <see cref="NextSubmit"/> queues answers for the next submits (429, 500,
/// 400…, or <see cref="FakeReply.Hang"/>); <see cref="Complete"/>, <see cref="Fail"/>,
/// <see cref="Refuse"/> and <see cref="FinishWithoutSamples"/> move an operation on (new operations run until then).
/// </remarks>
public sealed class FakeVeoServer : IAsyncDisposable
{
    public const string ApiKey = "AIza-test-gemini-key-MUST-NOT-LEAK";
    public const string KeyHeader = "x-goog-api-key";

    private static readonly string[] Models = ["veo-3.1-lite-generate-preview", "veo-3.1-fast-generate-preview", "veo-3.1-generate-preview"];
    private static readonly string[] RejectedParameters = ["numberOfVideos", "sampleCount", "seed", "generateAudio"];
    private static readonly string[] KnownParameters = ["aspectRatio", "resolution", "durationSeconds", "negativePrompt", "personGeneration"];

    private readonly ConcurrentQueue<FakeReply> _nextSubmits = new();
    private readonly ConcurrentDictionary<string, JsonObject> _operations = new();
    private KestrelFake _api = null!;
    private KestrelFake _storage = null!;

    private FakeVeoServer()
    {
    }

    /// <summary>What <c>GeminiVeo:BaseUrl</c> should be.</summary>
    public string BaseUrl => new Uri(_api.Address, "/v1beta").ToString();

    /// <summary>Requests to the Gemini host.</summary>
    public KestrelFake Api => _api;

    /// <summary>Requests to the storage host the downloads are redirected to.</summary>
    public KestrelFake Storage => _storage;

    public IReadOnlyList<RecordedRequest> Submits => [.. _api.Requests.Where(r => r.Method == "POST")];

    /// <summary>The MP4 the storage host serves (default: the simulator's sample).</summary>
    public byte[] VideoBytes { get; set; } = ReadSample();

    /// <summary>True: the next operation poll never answers (then this resets).</summary>
    public bool HangNextPoll { get; set; }

    /// <summary>False: the Gemini host serves the file itself instead of redirecting.</summary>
    public bool RedirectDownloads { get; set; } = true;

    public static async Task<FakeVeoServer> StartAsync()
    {
        var server = new FakeVeoServer();
        server._api = await KestrelFake.StartAsync(server.HandleApiAsync);
        server._storage = await KestrelFake.StartAsync(server.HandleStorageAsync);
        return server;
    }

    /// <summary>Queues the answer of the next submit (after the key check; a scripted answer skips validation).</summary>
    public void NextSubmit(FakeReply reply) => _nextSubmits.Enqueue(reply);

    public static FakeReply RateLimited(string retryDelay) => Error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).",
        new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.RetryInfo", ["retryDelay"] = retryDelay });

    public static FakeReply ServerError(int status = 500) => Error(status, status == 503 ? "UNAVAILABLE" : "INTERNAL", "Internal error encountered.");

    public static FakeReply InvalidArgument(string message) => Error(400, "INVALID_ARGUMENT", message);

    public static FakeReply FailedPrecondition(string message) => Error(400, "FAILED_PRECONDITION", message);

    /// <summary>The operation finishes with a video.</summary>
    public void Complete(string name)
    {
        var fileId = name.Split('/')[^1];
        Finish(name, new JsonObject
        {
            ["generatedSamples"] = new JsonArray(new JsonObject
            {
                ["video"] = new JsonObject { ["uri"] = new Uri(_api.Address, $"/v1beta/files/{fileId}:download?alt=media").ToString() },
            }),
        });
    }

    /// <summary>The safety filters remove the video: <c>raiMediaFilteredCount: 1</c> with the reason.</summary>
    public void Refuse(string name, string reason) => Finish(name, new JsonObject
    {
        ["raiMediaFilteredCount"] = 1,
        ["raiMediaFilteredReasons"] = new JsonArray(reason),
    });

    /// <summary>Done, but no samples and no reason.</summary>
    public void FinishWithoutSamples(string name) => Finish(name, new JsonObject());

    /// <summary>The operation ends with an <c>error</c> (gRPC code and message).</summary>
    public void Fail(string name, int code, string message) => _operations[name] = new JsonObject
    {
        ["name"] = name,
        ["done"] = true,
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };

    private void Finish(string name, JsonObject generateVideoResponse) => _operations[name] = new JsonObject
    {
        ["name"] = name,
        ["done"] = true,
        ["response"] = new JsonObject
        {
            ["@type"] = "type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse",
            ["generateVideoResponse"] = generateVideoResponse,
        },
    };

    private async Task HandleApiAsync(HttpContext context, RecordedRequest request)
    {
        var reply = CheckKey(request) ?? Route(request);
        if (reply is null)
        {
            var fileId = request.Path["/v1beta/files/".Length..^":download".Length];
            if (RedirectDownloads)
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = new Uri(_storage.Address, $"/bucket/{fileId}.mp4?signature=abc").ToString();
                return;
            }

            await WriteVideoAsync(context);
            return;
        }

        await reply.WriteAsync(context);
    }

    private async Task HandleStorageAsync(HttpContext context, RecordedRequest request)
    {
        if (request.Path.StartsWith("/bucket/", StringComparison.Ordinal))
            await WriteVideoAsync(context);
        else
            context.Response.StatusCode = 404;
    }

    private async Task WriteVideoAsync(HttpContext context)
    {
        context.Response.ContentType = "video/mp4";
        await context.Response.Body.WriteAsync(VideoBytes, context.RequestAborted);
    }

    private static FakeReply? CheckKey(RecordedRequest request) => request.Header(KeyHeader) switch
    {
        null => Error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."),
        ApiKey => null,
        // Google answers a wrong key with 400 INVALID_ARGUMENT and the ErrorInfo reason API_KEY_INVALID.
        _ => Error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
            new JsonObject { ["@type"] = "type.googleapis.com/google.rpc.ErrorInfo", ["reason"] = "API_KEY_INVALID", ["domain"] = "googleapis.com" }),
    };

    /// <summary>Null means "serve the file".</summary>
    private FakeReply? Route(RecordedRequest request)
    {
        const string modelsPrefix = "/v1beta/models/";
        if (request.Method == "POST" && request.Path.StartsWith(modelsPrefix, StringComparison.Ordinal)
            && request.Path.EndsWith(":predictLongRunning", StringComparison.Ordinal))
            return _nextSubmits.TryDequeue(out var scripted) ? scripted : Submit(request, request.Path[modelsPrefix.Length..^":predictLongRunning".Length]);
        if (request.Method == "GET" && request.Path.StartsWith(modelsPrefix, StringComparison.Ordinal) && request.Path.Contains("/operations/", StringComparison.Ordinal))
        {
            if (HangNextPoll)
            {
                HangNextPoll = false;
                return FakeReply.Hang;
            }

            return _operations.TryGetValue(request.Path["/v1beta/".Length..], out var operation)
                ? new FakeReply(200, operation.ToJsonString())
                : Error(404, "NOT_FOUND", "Operation not found.");
        }

        if (request.Method == "GET" && request.Path.StartsWith("/v1beta/files/", StringComparison.Ordinal) && request.Path.EndsWith(":download", StringComparison.Ordinal))
            return null;
        return Error(404, "NOT_FOUND", "The requested URL was not found on this server.");
    }

    private FakeReply Submit(RecordedRequest request, string model)
    {
        if (!Models.Contains(model))
            return Error(404, "NOT_FOUND", $"models/{model} is not found for API version v1beta, or is not supported for predictLongRunning.");
        if (request.Header("Content-Type")?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
            return InvalidArgument("Invalid JSON payload received. Expected application/json.");

        JsonObject body;
        try
        {
            body = JsonNode.Parse(request.Body)?.AsObject() ?? throw new JsonException();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return InvalidArgument("Invalid JSON payload received.");
        }

        var problem = Validate(body, model);
        if (problem is not null)
            return InvalidArgument(problem);

        var name = $"models/{model}/operations/{Guid.NewGuid():N}";
        _operations[name] = new JsonObject { ["name"] = name };
        return new FakeReply(200, new JsonObject { ["name"] = name }.ToJsonString());
    }

    /// <summary>What the real endpoint rejects, with messages in its style.</summary>
    private static string? Validate(JsonObject body, string model)
    {
        foreach (var (key, _) in body)
        {
            if (key is not ("instances" or "parameters"))
                return $"Invalid JSON payload received. Unknown name \"{key}\": Cannot find field.";
        }

        if (body["instances"] is not JsonArray { Count: 1 } instances || instances[0] is not JsonObject instance)
            return "instances must hold exactly one instance.";
        foreach (var (key, _) in instance)
        {
            if (key == "inlineData")
                return "`inlineData` isn't supported by this model.";
            if (key is not ("prompt" or "image" or "lastFrame"))
                return $"Invalid JSON payload received. Unknown name \"{key}\" at 'instances[0]': Cannot find field.";
        }

        if (instance["prompt"] is not JsonValue prompt || prompt.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(prompt.GetValue<string>()))
            return "A prompt is required.";
        if (instance["image"] is { } imageNode)
        {
            if (imageNode is not JsonObject image)
                return "image must be an object.";
            foreach (var (key, _) in image)
            {
                if (key == "inlineData")
                    return "`inlineData` isn't supported by this model.";
                if (key is not ("bytesBase64Encoded" or "mimeType"))
                    return $"Invalid JSON payload received. Unknown name \"{key}\" at 'instances[0].image': Cannot find field.";
            }

            if (image["mimeType"]?.GetValue<string>() is not ("image/jpeg" or "image/png"))
                return "image.mimeType must be image/jpeg or image/png.";
            try
            {
                _ = Convert.FromBase64String(image["bytesBase64Encoded"]?.GetValue<string>() ?? "!");
            }
            catch (FormatException)
            {
                return "image.bytesBase64Encoded is not valid base64.";
            }
        }

        var parameters = body["parameters"] as JsonObject ?? [];
        foreach (var (key, _) in parameters)
        {
            if (RejectedParameters.Contains(key))
                return $"`{key}` isn't supported by this model.";
            if (!KnownParameters.Contains(key))
                return $"Invalid JSON payload received. Unknown name \"{key}\" at 'parameters': Cannot find field.";
        }

        var duration = 8;
        if (parameters["durationSeconds"] is JsonValue durationValue)
        {
            if (durationValue.GetValueKind() != JsonValueKind.Number)
                return $"Invalid value at 'parameters.duration_seconds' (TYPE_INT32), {durationValue.ToJsonString()}";
            duration = durationValue.GetValue<int>();
            if (duration is not (4 or 6 or 8))
                return $"The requested duration {duration} is not supported: use 4, 6 or 8 seconds.";
        }

        var resolution = parameters["resolution"]?.GetValue<string>() ?? "720p";
        if (resolution is not ("720p" or "1080p" or "4k"))
            return $"resolution {resolution} is not supported.";
        if (resolution is "1080p" or "4k" && duration != 8)
            return $"{resolution} requires durationSeconds 8.";
        if (resolution == "4k" && model != "veo-3.1-generate-preview")
            return $"4k is not supported by {model}.";
        if (parameters["aspectRatio"]?.GetValue<string>() is { } ratio && ratio is not ("16:9" or "9:16"))
            return $"aspectRatio {ratio} is not supported.";
        return null;
    }

    private static FakeReply Error(int code, string status, string message, JsonObject? detail = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status };
        if (detail is not null)
            error["details"] = new JsonArray(detail);
        return new FakeReply(code, new JsonObject { ["error"] = error }.ToJsonString());
    }

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
