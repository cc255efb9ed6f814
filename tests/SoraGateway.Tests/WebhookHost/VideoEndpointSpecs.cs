using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;
using SoraGateway.Videos.Delivery;
using SoraGateway.Videos.Jobs;
using SoraGateway.Videos.Providers;

namespace SoraGateway.Tests.WebhookHost;

public sealed class VideoEndpointSpecs_Sqlite() : VideoEndpointSpecs(DatabaseProvider.Sqlite);

public sealed class VideoEndpointSpecs_Postgres() : VideoEndpointSpecs(DatabaseProvider.Postgres);

/// <summary><c>POST /webhooks/video/{provider}</c> and <c>GET /v/{id}</c> through the real WebhookHost.</summary>
public abstract class VideoEndpointSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private const string Secret = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c=";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero));
    private readonly string _media = Path.Combine(Path.GetTempPath(), "sora-links-" + Guid.NewGuid().ToString("N"));
    private WebhookHostFactory? _host;

    protected override TimeProvider? Time => _clock;

    private Dictionary<string, string?> HostSettings => new()
    {
        ["OpenAiVideos:ApiKey"] = "sk-test",
        ["OpenAiVideos:WebhookSecret"] = Secret,
        ["Links:PublicBaseUrl"] = "https://sora.example.vn",
        ["Links:SigningKey"] = "links-signing-key-for-tests-0123456789abcdef",
        ["Storage:VideoPath"] = _media,
    };

    private HttpClient Client => (_host ??= new WebhookHostFactory(Database, HostSettings, _clock)).CreateClient();

    public override async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        if (Directory.Exists(_media))
            Directory.Delete(_media, true);
        await base.DisposeAsync();
    }

    private Task<VideoJob> JobAsync(VideoJobStatus status, string providerJobId, byte[]? file = null) => InScopeAsync(async sp =>
    {
        var user = await sp.GetRequiredService<UserDirectory>().FindOrCreateAsync(ChannelNames.Telegram, "9", "Lan", "vi", CancellationToken.None);
        var now = _clock.GetUtcNow().UtcDateTime;
        var job = new VideoJob
        {
            Id = Guid.NewGuid(), UserId = user.Id, Channel = ChannelNames.Telegram, ChatId = "9", Prompt = "mèo", OfferingCode = "sora",
            Provider = VideoProviderNames.OpenAiVideos, Model = "sora-2", DurationSeconds = 8, Resolution = "720p", Orientation = "landscape",
            PriceCredits = 10, Status = status, ProviderJobId = providerJobId, CreatedAt = now, NextAttemptAt = now.AddMinutes(10), DeadlineAt = now.AddHours(1),
        };
        if (file is not null)
        {
            Directory.CreateDirectory(_media);
            await File.WriteAllBytesAsync(Path.Combine(_media, $"{job.Id:N}.mp4"), file);
            job.FilePath = $"{job.Id:N}.mp4";
        }

        var db = sp.GetRequiredService<GatewayDbContext>();
        db.VideoJobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    });

    private static HttpRequestMessage SignedWebhook(string videoId, string eventId, long timestamp, string? secret = Secret)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { id = eventId, @object = "event", created_at = timestamp, type = "video.completed", data = new { id = videoId } });
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/video/OpenAiVideos") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", eventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (secret is not null)
            request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(StandardWebhookSignature.KeyFromSecret(secret)!, eventId, timestamp, body));
        return request;
    }

    [Fact]
    public async Task A_signed_completion_webhook_makes_the_job_due_now_and_a_repeat_is_ignored()
    {
        var job = await JobAsync(VideoJobStatus.Running, "video_123");
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();

        var first = await Client.SendAsync(SignedWebhook("video_123", "evt_1", now));
        var repeat = await Client.SendAsync(SignedWebhook("video_123", "evt_1", now));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("\"job\":true", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("duplicate", await repeat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var due = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.Where(j => j.Id == job.Id).Select(j => j.NextAttemptAt).SingleAsync());
        Assert.Equal(_clock.GetUtcNow().UtcDateTime, due);
    }

    [Fact]
    public async Task A_webhook_with_a_wrong_or_old_signature_is_refused_with_401_and_changes_nothing()
    {
        var job = await JobAsync(VideoJobStatus.Running, "video_9");
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();

        var wrong = await Client.SendAsync(SignedWebhook("video_9", "evt_2", now, "whsec_" + Convert.ToBase64String(new byte[32])));
        var unsigned = await Client.SendAsync(SignedWebhook("video_9", "evt_3", now, secret: null));
        var old = await Client.SendAsync(SignedWebhook("video_9", "evt_4", now - 600));
        var unknownProvider = await Client.PostAsync(new Uri("/webhooks/video/Kling", UriKind.Relative), new StringContent("{}"));

        Assert.All(new[] { wrong, unsigned, old }, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, unknownProvider.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        var due = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.Where(j => j.Id == job.Id).Select(j => j.NextAttemptAt).SingleAsync());
        Assert.Equal(job.NextAttemptAt, due);
        Assert.Equal(0, await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().WebhookEvents.CountAsync()));
    }

    [Fact]
    public async Task A_signed_link_streams_the_video_with_range_support()
    {
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        var job = await JobAsync(VideoJobStatus.Completed, "video_1", bytes);
        _ = Client;
        var link = new Uri(_host!.Services.GetRequiredService<SignedLinks>().For(job.Id)!);

        var whole = await Client.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));
        using var ranged = new HttpRequestMessage(HttpMethod.Get, link.PathAndQuery);
        ranged.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await Client.SendAsync(ranged);

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("video/mp4", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[100..200], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes 100-199/5000", part.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task A_tampered_or_expired_link_is_refused_with_403()
    {
        var job = await JobAsync(VideoJobStatus.Completed, "video_2", [1, 2, 3]);
        _ = Client;
        var link = new Uri(_host!.Services.GetRequiredService<SignedLinks>().For(job.Id)!).PathAndQuery;
        var tampered = link[..^1] + (link[^1] == '0' ? '1' : '0');
        var otherJob = link.Replace($"{job.Id:N}", $"{Guid.NewGuid():N}", StringComparison.Ordinal);

        var badSignature = await Client.GetAsync(new Uri(tampered, UriKind.Relative));
        var wrongVideo = await Client.GetAsync(new Uri(otherJob, UriKind.Relative));
        _clock.Advance(TimeSpan.FromHours(49));
        var expired = await Client.GetAsync(new Uri(link, UriKind.Relative));

        Assert.All(new[] { badSignature, wrongVideo, expired }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType?.MediaType);
    }
}
