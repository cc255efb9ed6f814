using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SoraGateway.Tests.Videos.Fakes;

/// <summary>One request as the fake received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port, in this process: every request is recorded
/// (body included) and then handed to <c>handle</c>, whose request body is a fresh copy.
/// </summary>
public sealed class KestrelFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private KestrelFake(WebApplication app) => _app = app;

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Everything received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Fires when a request has been recorded (tests that wait for a hanging request use it).</summary>
    public event Action<RecordedRequest>? Received;

    public static async Task<KestrelFake> StartAsync(Func<HttpContext, RecordedRequest, Task> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new KestrelFake(app);
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var recorded = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "", headers, buffer.ToArray());
            fake._requests.Enqueue(recorded);
            fake.Received?.Invoke(recorded);
            context.Request.Body = new MemoryStream(recorded.Body);
            await handle(context, recorded);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.Address = new Uri(address);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One scripted answer: status, JSON (or other) body, extra headers.</summary>
public sealed record FakeReply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, string ContentType = "application/json")
{
    /// <summary>Never answers: waits until the client gives up (for time-out tests).</summary>
    public static FakeReply Hang { get; } = new(0, "");

    public async Task WriteAsync(HttpContext context)
    {
        if (ReferenceEquals(this, Hang))
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        context.Response.StatusCode = Status;
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
            context.Response.Headers[name] = value;
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(Body, context.RequestAborted);
    }
}
