using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace SoraGateway.Videos.Providers;

/// <summary>What the two remote adapters share: the HTTP client set-up, redirects, error shapes.</summary>
internal static class ProviderHttp
{
    private const int MaxRedirects = 5;
    private const int MaxErrorBodyChars = 16 * 1024;

    /// <summary>
    /// A named client for one remote provider: no request logging (keys travel in headers), no
    /// automatic redirects (we decide who gets the key), and one resilience handler:
    /// total time-out → retry → attempt time-out.
    /// </summary>
    public static void AddVideoProviderHttpClient(this IServiceCollection services, string name)
    {
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers()
            .AddResilienceHandler("video-provider", (pipeline, context) =>
            {
                var http = context.ServiceProvider.GetRequiredService<IOptions<VideoHttpOptions>>().Value;
                pipeline.AddTimeout(http.TotalTimeout);
                if (http.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = http.MaxRetryAttempts,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = http.RetryBaseDelay,
                        // A 503's Retry-After could hold this thread for minutes; the job runner waits instead.
                        ShouldRetryAfterHeader = false,
                        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                    });
                }

                pipeline.AddTimeout(http.AttemptTimeout);
            });
    }

    /// <summary>
    /// Retry 500/502/503/504, and failures without an answer except for POST: a POST that timed out
    /// may already have created a paid job, so the caller decides. 429 is never retried here.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Result is { } response)
            return response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException)
            return context.GetRequestMessage()?.Method != HttpMethod.Post;
        return false;
    }

    /// <summary>Sends a request, turning "no answer" (time-outs, connection errors) into <see cref="VideoFailureKind.Transient"/>.</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpRequestMessage request, string provider, string operation, CancellationToken ct)
    {
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new VideoProviderException(VideoFailureKind.Transient, $"{provider} {operation} timed out.", innerException: ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new VideoProviderException(VideoFailureKind.Transient, $"{provider} {operation} timed out.", innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            // The exception text names the host only; keys travel in headers, never in URLs.
            throw new VideoProviderException(VideoFailureKind.Transient,
                $"{provider} {operation} got no answer ({ex.HttpRequestError}).", innerException: ex);
        }
    }

    /// <summary>
    /// GETs <paramref name="uri"/>, following redirects by hand so that <paramref name="authorize"/>
    /// (which adds the API key) only ever runs for requests to <paramref name="home"/>'s origin.
    /// </summary>
    public static async Task<HttpResponseMessage> GetFollowingRedirectsAsync(
        HttpClient client, Uri uri, Uri home, Action<HttpRequestMessage> authorize, string provider, string operation, CancellationToken ct)
    {
        for (var hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (IsSameOrigin(uri, home))
                authorize(request);
            var response = await SendAsync(client, request, provider, operation, ct);
            if (!IsRedirect(response.StatusCode))
                return response;

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null || hop >= MaxRedirects)
                throw new VideoProviderException(VideoFailureKind.Transient, $"{provider} {operation} was redirected too often or nowhere.");
            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
            if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
                throw new VideoProviderException(VideoFailureKind.Invalid, $"{provider} {operation} was redirected to a non-HTTP address.");
        }
    }

    public static bool IsSameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>What an HTTP status alone says about the failure.</summary>
    public static VideoFailureKind Classify(HttpStatusCode status) => (int)status switch
    {
        429 => VideoFailureKind.RateLimited,
        401 or 403 or 404 => VideoFailureKind.Misconfigured,
        408 or >= 500 => VideoFailureKind.Transient,
        _ => VideoFailureKind.Invalid,
    };

    /// <summary>The start of an error body, for parsing; large bodies are cut.</summary>
    public static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[MaxErrorBodyChars];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
            return new string(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return "";
        }
    }

    /// <summary>Removes the secrets from a provider's text before it goes into an exception.</summary>
    public static string? Redact(string? text, params string?[] secrets)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
                text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text.Length > 500 ? text[..500] + "…" : text;
    }

    /// <summary><paramref name="baseUrl"/> + "/" + <paramref name="relative"/>, whatever slashes the configuration has.</summary>
    public static Uri Combine(string baseUrl, string relative) => new($"{baseUrl.TrimEnd('/')}/{relative.TrimStart('/')}");

    /// <summary>True for an absolute http(s) URL: what a <c>BaseUrl</c> setting must be.</summary>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
