using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraGateway.Persistence;

namespace SoraGateway.Webhooks;

/// <summary>A webhook delivery already seen (Telegram update ids, video provider events).</summary>
public sealed class WebhookEvent
{
    public long Id { get; set; }
    public required string Provider { get; set; }
    public required string EventId { get; set; }
    public DateTime ReceivedAt { get; set; }
}

/// <summary>
/// Dedupe for webhooks that are re-sent until acknowledged: the first delivery of an id wins,
/// whichever instance receives it (unique index + <c>ON CONFLICT DO NOTHING</c>).
/// </summary>
public sealed class WebhookDeduplicator(GatewayDbContext db, TimeProvider time)
{
    /// <summary>True the first time (provider, eventId) is seen; false for every repeat.</summary>
    public async Task<bool> FirstTimeAsync(string provider, string eventId, CancellationToken ct)
    {
        var inserted = await (await db.CommandAsync("""
            INSERT INTO webhook_events (provider, event_id, received_at) VALUES (@provider, @event, @now)
            ON CONFLICT DO NOTHING
            """, ct))
            .With("provider", provider)
            .With("event", eventId)
            .With("now", time.GetUtcNow().UtcDateTime)
            .ExecuteAsync(ct);
        return inserted == 1;
    }

    /// <summary>Forgets ids older than <paramref name="age"/> (Telegram re-sends for at most a day).</summary>
    public async Task<int> PruneAsync(TimeSpan age, CancellationToken ct) =>
        await (await db.CommandAsync("DELETE FROM webhook_events WHERE received_at < @before", ct))
            .With("before", time.GetUtcNow().UtcDateTime - age)
            .ExecuteAsync(ct);
}

/// <summary>
/// Forgets delivery ids older than two days, once an hour (Bot host): Telegram and the video
/// providers re-send for a day at most, so older ids can never come back as repeats.
/// </summary>
public sealed class WebhookEventPruning(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<WebhookEventPruning> logger) : BackgroundService
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WebhookDeduplicator>().PruneAsync(KeepFor, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Pruning webhook ids failed; next try in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
