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
