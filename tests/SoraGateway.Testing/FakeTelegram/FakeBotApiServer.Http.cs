using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SoraGateway.Testing.FakeTelegram;

// The HTTP side: routing /bot{token}/{method} and /file/bot{token}/{path}, errors, injected failures.
public sealed partial class FakeBotApiServer
{
    private void Register(string name, Func<BotApiArguments, ApiResult> handler) =>
        _methods[name] = new MethodEntry(name, (arguments, _) => Task.FromResult(handler(arguments)));

    private void Register(string name, Func<BotApiArguments, CancellationToken, Task<ApiResult>> handler) =>
        _methods[name] = new MethodEntry(name, handler);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        ApiResult result;
        try
        {
            if (path.StartsWith("/file/bot", StringComparison.Ordinal))
            {
                await ServeFileAsync(context, path["/file/bot".Length..]);
                return;
            }
            result = await HandleMethodAsync(context, path);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            result = ApiResult.Error(502, "Bad Gateway");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidDataException or IOException)
        {
            result = ApiResult.Error(400, $"Bad Request: can't parse request: {e.Message}");
        }

        context.Response.StatusCode = result.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result.Body.ToJsonString(), context.RequestAborted);
    }

    private async Task<ApiResult> HandleMethodAsync(HttpContext context, string path)
    {
        var slash = path.StartsWith("/bot", StringComparison.Ordinal) ? path.IndexOf('/', 4) : -1;
        if (slash < 0)
            return ApiResult.Error(404, "Not Found");
        var token = path[4..slash];
        var method = path[(slash + 1)..];
        var known = _methods.TryGetValue(method, out var entry);
        _callCounts.AddOrUpdate(known ? entry!.Name : method, 1, (_, count) => count + 1);
        if (token != Token)
            return ApiResult.Error(401, "Unauthorized");
        if (!known)
            return ApiResult.Error(404, "Not Found");

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var arguments = await BotApiArguments.ReadAsync(context.Request, cancel.Token);
        var chatId = arguments.GetLong("chat_id");

        TimeSpan latency;
        lock (_gate)
            latency = chatId is { } chat && _latencies.TryGetValue(chat, out var delay) ? delay : TimeSpan.Zero;
        if (latency > TimeSpan.Zero)
            await Task.Delay(latency, cancel.Token);

        lock (_gate)
        {
            if (_failures.TryGetValue(entry!.Name, out var failures) && failures.TryDequeue(out var failure))
                return failure;
            if (chatId is { } target && _blocked.Contains(target) && entry.Name != "getChat")
                return ApiResult.Error(403, BlockedDescription);
        }
        return await entry.Handler(arguments, cancel.Token);
    }

    private async Task ServeFileAsync(HttpContext context, string tokenAndPath)
    {
        var slash = tokenAndPath.IndexOf('/', StringComparison.Ordinal);
        ApiResult? error = null;
        StoredFile? file = null;
        if (slash < 0)
            error = ApiResult.Error(404, "Not Found");
        else if (tokenAndPath[..slash] != Token)
            error = ApiResult.Error(401, "Unauthorized");
        else
        {
            lock (_gate)
                _filesByPath.TryGetValue(tokenAndPath[(slash + 1)..], out file);
            if (file is null)
                error = ApiResult.Error(404, "Not Found");
        }

        if (error is not null)
        {
            context.Response.StatusCode = error.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(error.Body.ToJsonString(), context.RequestAborted);
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file!.Content.Length;
        await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
    }

    private sealed record MethodEntry(string Name, Func<BotApiArguments, CancellationToken, Task<ApiResult>> Handler);

    private sealed record ApiResult(int StatusCode, JsonObject Body)
    {
        public static ApiResult Ok(JsonNode? result) => new(200, new JsonObject { ["ok"] = true, ["result"] = result });

        public static ApiResult Error(int code, string description, int? retryAfter = null)
        {
            var body = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
            if (retryAfter is { } seconds)
                body["parameters"] = new JsonObject { ["retry_after"] = seconds };
            return new ApiResult(code, body);
        }
    }
}
