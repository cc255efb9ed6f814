using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Conversations;
using SoraGateway.Persistence;

namespace SoraGateway.Outbox;

/// <summary><c>Outbox</c> section.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the dispatcher looks for due messages.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Telegram's bulk limit is about 30 messages a second overall (with the 1 s poll interval: the batch size of a pass).</summary>
    [Range(1, 1000)]
    public int MaxPerSecond { get; set; } = 30;

    /// <summary>And about one a second into one chat.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long a claimed message belongs to one dispatcher.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 500)]
    public int BatchSize { get; set; } = 50;
}

/// <summary>
/// Delivers queued messages (payment credited, video ready...) at most once each: a message is
/// leased before it is sent and marked sent after; one whose lease ran out mid-send is never sent
/// again but marked failed "in doubt". Definite failures retry with back-off; a blocked chat ends
/// its messages. Paced to ~30 messages a second overall and one a second per chat.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IEnumerable<IChatSender> senders,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : IDisposable
{
    private readonly string _owner = Owner();
    private readonly Dictionary<string, IChatSender> _senders = senders.ToDictionary(s => s.Channel);
    private readonly Dictionary<string, DateTimeOffset> _nextPerChat = [];
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>
    /// One pass: claims due messages for the channels this host can send to — at most
    /// <see cref="OutboxOptions.MaxPerSecond"/>, so that one pass a second keeps within the
    /// channel's overall rate — and sends them. Returns how many were sent.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        if (_senders.Count == 0)
            return 0;
        await _pass.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            await GiveUpOnExpiredLeasesAsync(db, ct);
            var claimed = await ClaimAsync(db, ct);
            var sent = 0;
            foreach (var message in claimed)
            {
                if (await DeliverAsync(db, scope.ServiceProvider.GetRequiredService<OutboxRenderer>(), message, ct))
                    sent++;
            }

            return sent;
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<List<OutboxMessage>> ClaimAsync(GatewayDbContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var channels = string.Join(", ", _senders.Keys.Select((_, i) => $"@c{i}"));
        // The outer conditions are re-checked on the row's latest version (PostgreSQL) or under
        // SQLite's write lock: two dispatchers never claim the same message.
        await using var command = await db.CommandAsync($"""
            UPDATE outbox_messages
            SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1
            WHERE status = 'Pending' AND lease_owner IS NULL AND available_at <= @now
              AND id IN (SELECT id FROM outbox_messages
                         WHERE status = 'Pending' AND lease_owner IS NULL AND available_at <= @now AND channel IN ({channels})
                         ORDER BY id LIMIT @batch)
            RETURNING id
            """, ct);
        command.With("owner", _owner).With("until", now + options.Value.Lease).With("now", now).With("batch", (long)Math.Min(options.Value.BatchSize, options.Value.MaxPerSecond));
        var i = 0;
        foreach (var channel in _senders.Keys)
            command.With($"c{i++}", channel);
        var ids = new List<long>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                ids.Add(reader.GetInt64(0));
        }

        return await db.OutboxMessages.Where(m => ids.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(ct);
    }

    private async Task<bool> DeliverAsync(GatewayDbContext db, OutboxRenderer renderer, OutboxMessage message, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var chatKey = $"{message.Channel}:{message.ChatId}";
        if (_nextPerChat.TryGetValue(chatKey, out var chatSlot) && chatSlot > now)
        {
            await ReleaseAsync(db, message, chatSlot.UtcDateTime, error: null, countAttempt: false, ct);
            return false;
        }

        if (await db.Conversations.AnyAsync(c => c.Channel == message.Channel && c.ChatId == message.ChatId && c.Unreachable, ct))
        {
            await FinishAsync(db, message, OutboxStatus.Failed, "chat unreachable (blocked)", ct);
            return false;
        }

        _nextPerChat[chatKey] = now + options.Value.PerChatInterval;

        try
        {
            var replies = await renderer.RenderAsync(message, ct);
            foreach (var reply in replies)
                await _senders[message.Channel].SendAsync(message.ChatId, reply, ct);
            await FinishAsync(db, message, OutboxStatus.Sent, null, ct);
            return true;
        }
        catch (ChatUnreachableException)
        {
            await FinishAsync(db, message, OutboxStatus.Failed, "chat unreachable (blocked)", ct);
        }
        catch (ChatRateLimitedException ex)
        {
            await ReleaseAsync(db, message, time.GetUtcNow().UtcDateTime + ex.RetryAfter, "rate limited", countAttempt: false, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The channel said no (or could not be reached): nothing was delivered, so retrying is safe.
            if (message.Attempts >= options.Value.MaxAttempts)
            {
                await FinishAsync(db, message, OutboxStatus.Failed, Trim(ex.Message), ct);
            }
            else
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(600, 5 * Math.Pow(2, message.Attempts - 1)));
                await ReleaseAsync(db, message, time.GetUtcNow().UtcDateTime + backoff, Trim(ex.Message), countAttempt: true, ct);
            }

            logger.LogWarning("Outbox message {Id} to {Channel} not delivered (attempt {Attempt}): {Error}",
                message.Id, message.Channel, message.Attempts, ex.Message);
        }

        return false;
    }

    private async Task FinishAsync(GatewayDbContext db, OutboxMessage message, OutboxStatus status, string? error, CancellationToken ct)
    {
        message.Status = status;
        message.LastError = error;
        message.LeaseOwner = null;
        message.LeaseUntil = null;
        if (status == OutboxStatus.Sent)
            message.SentAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    private static async Task ReleaseAsync(GatewayDbContext db, OutboxMessage message, DateTime availableAt, string? error, bool countAttempt, CancellationToken ct)
    {
        message.LeaseOwner = null;
        message.LeaseUntil = null;
        message.AvailableAt = availableAt;
        message.LastError = error ?? message.LastError;
        if (!countAttempt)
            message.Attempts--;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A lease that ran out means a dispatcher died mid-send: the message may have gone out, so it is not sent again.</summary>
    private async Task GiveUpOnExpiredLeasesAsync(GatewayDbContext db, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var abandoned = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.LeaseOwner != null && m.LeaseUntil < now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Failed)
                .SetProperty(m => m.LastError, "delivery interrupted; not re-sent (at most once)")
                .SetProperty(m => m.LeaseOwner, (string?)null), ct);
        if (abandoned > 0)
            logger.LogWarning("{Count} outbox message(s) were interrupted mid-delivery and will not be re-sent", abandoned);
    }

    public void Dispose() => _pass.Dispose();

    private static string Owner()
    {
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        return owner.Length <= 64 ? owner : owner[^64..];
    }

    private static string Trim(string s) => s.Length <= 500 ? s : s[..500];
}

/// <summary>
/// Runs the <see cref="OutboxDispatcher"/> once per <see cref="OutboxOptions.PollInterval"/> (Bot
/// host); restarts lose nothing, the queue is in the database.
/// </summary>
public sealed class OutboxDispatchService(OutboxDispatcher dispatcher, IOptions<OutboxOptions> options, TimeProvider time, ILogger<OutboxDispatchService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await dispatcher.DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Outbox dispatch failed; retrying on the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
