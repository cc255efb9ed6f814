using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Conversations;
using SoraGateway.Ledger;
using SoraGateway.Localization;
using SoraGateway.Outbox;
using SoraGateway.Persistence;
using SoraGateway.Storage;
using SoraGateway.Users;
using SoraGateway.Videos.Delivery;
using SoraGateway.Videos.Offerings;
using SoraGateway.Videos.Providers;

namespace SoraGateway.Videos.Jobs;

/// <summary>
/// Takes paid jobs from the queue to the user's chat. Several runners may work at once: a runner
/// claims due jobs with a lease (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL), and every change it
/// saves is conditional on still holding that lease. A job is submitted at most once: it is marked
/// as being submitted before the provider is called and its provider id is stored right after;
/// a submission interrupted in between is failed and refunded rather than risked twice.
/// </summary>
public sealed class VideoJobRunner(
    IServiceScopeFactory scopes,
    IVideoProviderRegistry providers,
    IEnumerable<IChatSender> senders,
    MediaStore media,
    SignedLinks links,
    VideoOfferingCatalog offerings,
    IOptions<VideoJobOptions> options,
    TimeProvider time,
    ILogger<VideoJobRunner> logger)
{
    private static readonly VideoJobStatus[] Active =
        [VideoJobStatus.Queued, VideoJobStatus.Submitted, VideoJobStatus.Running, VideoJobStatus.Downloading, VideoJobStatus.Delivering];

    private readonly Dictionary<string, IChatSender> _senders = senders.ToDictionary(s => s.Channel);

    /// <summary>This runner's name in leases.</summary>
    public string Owner { get; } = $"runner:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>One round: claims due jobs and moves each one step (or more) forward. Returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var ids = await ClaimAsync(ct);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentJobs, CancellationToken = ct },
            async (id, token) => await ProcessAsync(id, token));
        return ids.Count;
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        const string due = """
            status IN ('Queued', 'Submitted', 'Running', 'Downloading', 'Delivering')
            AND next_attempt_at <= @now AND (lease_owner IS NULL OR lease_until < @now)
            """;
        var skipLocked = db.Provider == DatabaseProvider.Postgres ? "FOR UPDATE SKIP LOCKED" : "";
        await using var command = await db.CommandAsync($"""
            UPDATE video_jobs SET lease_owner = @owner, lease_until = @until
            WHERE {due} AND id IN (SELECT id FROM video_jobs WHERE {due} ORDER BY next_attempt_at, created_at LIMIT @limit {skipLocked})
            RETURNING id
            """, ct);
        command.With("owner", Owner).With("until", now + options.Value.Lease).With("now", now).With("limit", (long)options.Value.MaxConcurrentJobs);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    private async Task ProcessAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var work = new JobWork(scope.ServiceProvider, await LoadAsync(scope.ServiceProvider, id, ct));
        if (work.Job is null)
            return;
        try
        {
            await StepAsync(work, ct);
        }
        catch (VideoProviderException ex)
        {
            await OnProviderErrorAsync(work, ex, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Our lease ran out and another runner has the job now: leave it to them.
            logger.LogWarning("Lost the lease on job {Job}", id);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Job {Job} failed a step; it will be retried", id);
            await RetryLaterAsync(work, ct);
        }

        await ReleaseAsync(work, ct);
    }

    private async Task<VideoJob?> LoadAsync(IServiceProvider sp, Guid id, CancellationToken ct) =>
        await sp.GetRequiredService<GatewayDbContext>().VideoJobs.SingleOrDefaultAsync(j => j.Id == id && j.LeaseOwner == Owner, ct);

    /// <summary>Moves a job forward as far as it can go now.</summary>
    private async Task StepAsync(JobWork work, CancellationToken ct)
    {
        var job = work.Job!;
        if (time.GetUtcNow().UtcDateTime > job.DeadlineAt)
        {
            await FailAsync(work, "deadline", VideoFailureReason.Timeout, null, ct);
            return;
        }

        switch (job.Status)
        {
            case VideoJobStatus.Queued:
                await SubmitAsync(work, ct);
                break;
            case VideoJobStatus.Submitted when job.ProviderJobId is null:
                // A runner stopped between marking the submission and storing the provider's id:
                // the provider may or may not have the job, and submitting again could make two.
                await FailAsync(work, "submission_interrupted", VideoFailureReason.System, null, ct);
                break;
            case VideoJobStatus.Submitted:
            case VideoJobStatus.Running:
                await PollAsync(work, ct);
                break;
            case VideoJobStatus.Downloading:
                await DownloadAsync(work, ct);
                break;
            case VideoJobStatus.Delivering:
                await DeliverAsync(work, ct);
                break;
        }
    }

    private async Task SubmitAsync(JobWork work, CancellationToken ct)
    {
        var job = work.Job!;
        var now = time.GetUtcNow().UtcDateTime;
        var inFlight = await work.Db.VideoJobs.CountAsync(j => j.Provider == job.Provider
            && (j.Status == VideoJobStatus.Submitted || j.Status == VideoJobStatus.Running || j.Status == VideoJobStatus.Downloading), ct);
        if (inFlight >= options.Value.MaxInFlightPerProvider)
        {
            // The provider's limit is reached: the job keeps its place and the user sees it.
            var ahead = await work.Db.VideoJobs.CountAsync(j => j.Status == VideoJobStatus.Queued && j.CreatedAt < job.CreatedAt, ct);
            job.NextAttemptAt = now.AddSeconds(5);
            await ShowStatusAsync(work, Messages.QueuePosition, ahead + 1);
            return;
        }

        var provider = providers.Get(job.Provider);
        var request = new VideoRequest(job.Model, job.Prompt, job.DurationSeconds, job.Resolution,
            job.Orientation == "portrait" ? VideoOrientation.Portrait : VideoOrientation.Landscape,
            job.ImagePath is null ? null : new VideoImage(await media.ReadAsync(job.ImagePath, ct), "image/jpeg"));

        job.Status = VideoJobStatus.Submitted;
        job.SubmittedAt = now;
        await work.Db.SaveChangesAsync(ct);
        string providerJobId;
        try
        {
            providerJobId = await provider.SubmitAsync(request, ct);
        }
        catch (VideoProviderException ex) when (ex.Kind is VideoFailureKind.RateLimited or VideoFailureKind.Transient)
        {
            // The provider said no (429 or 5xx): nothing was created, so the job goes back in line.
            job.Status = VideoJobStatus.Queued;
            job.SubmittedAt = null;
            throw;
        }

        job.ProviderJobId = providerJobId;
        job.NextAttemptAt = now;
        await work.Db.SaveChangesAsync(ct);
        logger.LogInformation("Job {Job} submitted to {Provider} as {ProviderJob}", job.Id, job.Provider, providerJobId);
        await ShowStatusAsync(work, Messages.RenderingNoProgress);
    }

    private async Task PollAsync(JobWork work, CancellationToken ct)
    {
        var job = work.Job!;
        var status = await providers.Get(job.Provider).GetStatusAsync(job.ProviderJobId!, ct);
        var now = time.GetUtcNow().UtcDateTime;
        switch (status.State)
        {
            case ProviderJobState.Queued:
            case ProviderJobState.Running:
                job.Status = VideoJobStatus.Running;
                job.ProgressPercent = status.ProgressPercent;
                job.NextAttemptAt = now + (status.PollAfter ?? TimeSpan.FromSeconds(10));
                if (status.ProgressPercent is { } p)
                    await ShowStatusAsync(work, Messages.Rendering, p);
                else
                    await ShowStatusAsync(work, Messages.RenderingNoProgress);
                break;
            case ProviderJobState.Completed:
                job.Status = VideoJobStatus.Downloading;
                job.ProgressPercent = 100;
                await work.Db.SaveChangesAsync(ct);
                await DownloadAsync(work, ct);
                break;
            case ProviderJobState.Refused:
                await FailAsync(work, status.FailureCode ?? "refused", VideoFailureReason.Refused, status.FailureMessage, ct);
                break;
            default:
                await FailAsync(work, status.FailureCode ?? "failed", VideoFailureReason.Invalid, status.FailureMessage, ct);
                break;
        }
    }

    /// <summary>Provider links live hours to days: the MP4 is copied into our store at once.</summary>
    private async Task DownloadAsync(JobWork work, CancellationToken ct)
    {
        var job = work.Job!;
        await ShowStatusAsync(work, Messages.Downloading);
        await RenewLeaseAsync(work, ct);
        var provider = providers.Get(job.Provider);
        var status = await provider.GetStatusAsync(job.ProviderJobId!, ct);
        var relative = MediaStore.VideoPathFor(job.Id);
        var target = media.FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".part";
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            await provider.DownloadAsync(job.ProviderJobId!, status, file, ct);
        File.Move(partial, target, overwrite: true);

        job.FilePath = relative;
        job.FileSizeBytes = new FileInfo(target).Length;
        job.Status = VideoJobStatus.Delivering;
        await work.Db.SaveChangesAsync(ct);
        await DeliverAsync(work, ct);
    }

    private async Task DeliverAsync(JobWork work, CancellationToken ct)
    {
        var job = work.Job!;
        await RenewLeaseAsync(work, ct);
        var language = await work.LanguageAsync(ct);
        var label = offerings.FindOffering(job.OfferingCode)?.Label(language) ?? job.Model;
        if (_senders.TryGetValue(job.Channel, out var sender))
        {
            try
            {
                var delivered = await sender.SendAsync(job.ChatId, VideoDelivery.ReplyFor(job, media, language, label, links.For(job.Id)), ct);
                job.ChannelFileId = delivered.FileId ?? job.ChannelFileId;
                job.DeliveredAt = time.GetUtcNow().UtcDateTime;
            }
            catch (ChatUnreachableException)
            {
                // They blocked the bot: the video stays in /videos for when they come back.
                logger.LogInformation("Job {Job} finished but chat {Chat} is unreachable", job.Id, job.ChatId);
            }
        }

        job.Status = VideoJobStatus.Completed;
        job.CompletedAt = time.GetUtcNow().UtcDateTime;
        await work.Db.SaveChangesAsync(ct);
    }

    /// <summary>Fails the job and gives the credits back (once: the refund's key is the job's), telling the user why.</summary>
    private async Task FailAsync(JobWork work, string code, VideoFailureReason reason, string? providerMessage, CancellationToken ct)
    {
        var job = work.Job!;
        var db = work.Db;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var refund = await work.Services.GetRequiredService<CreditLedger>().RefundAsync(
            new RefundRequest(job.DebitKey, job.RefundKey, "system:video-runner", Note: $"{code}: {providerMessage}"), ct);
        job.Status = VideoJobStatus.Failed;
        job.FailureCode = Trim(code, 64);
        job.FailureReason = providerMessage is null ? null : Trim(providerMessage, 500);
        job.CompletedAt = time.GetUtcNow().UtcDateTime;
        if (refund.Status == LedgerStatus.Applied)
        {
            work.Services.GetRequiredService<Outbox.Outbox>().Enqueue(job.UserId, job.Channel, job.ChatId, OutboxKinds.VideoFailed,
                new VideoFailedNotice(job.Id, reason, providerMessage, refund.Amount, refund.BalanceAfter));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (reason == VideoFailureReason.System)
            logger.LogError("Job {Job} failed ({Code}): {Message} — check the provider configuration", job.Id, code, providerMessage);
        else
            logger.LogInformation("Job {Job} failed ({Code}) and was refunded: {Message}", job.Id, code, providerMessage);
    }

    private async Task OnProviderErrorAsync(JobWork work, VideoProviderException ex, CancellationToken ct)
    {
        var job = work.Job!;
        var now = time.GetUtcNow().UtcDateTime;
        switch (ex.Kind)
        {
            case VideoFailureKind.RateLimited:
                // Keeps its place; the provider's own delay, and no attempt counted.
                job.NextAttemptAt = now + (ex.RetryAfter ?? TimeSpan.FromSeconds(30));
                await work.Db.SaveChangesAsync(ct);
                break;
            case VideoFailureKind.Transient:
                job.Attempts++;
                if (job.Attempts > options.Value.MaxTransientAttempts)
                {
                    await FailAsync(work, ex.ProviderCode ?? "unavailable", VideoFailureReason.Busy, ex.ProviderMessage, ct);
                    break;
                }

                job.NextAttemptAt = now + TimeSpan.FromSeconds(Math.Min(300, 10 * Math.Pow(2, job.Attempts - 1)));
                await work.Db.SaveChangesAsync(ct);
                break;
            case VideoFailureKind.Refused:
                await FailAsync(work, ex.ProviderCode ?? "refused", VideoFailureReason.Refused, ex.ProviderMessage, ct);
                break;
            case VideoFailureKind.Invalid:
                await FailAsync(work, ex.ProviderCode ?? "invalid", VideoFailureReason.Invalid, ex.ProviderMessage, ct);
                break;
            default:
                await FailAsync(work, ex.ProviderCode ?? "misconfigured", VideoFailureReason.System, ex.Message, ct);
                break;
        }
    }

    private async Task RetryLaterAsync(JobWork work, CancellationToken ct)
    {
        if (work.Job is not { } job)
            return;
        work.Db.ChangeTracker.Clear();
        var fresh = await LoadAsync(work.Services, job.Id, ct);
        if (fresh is null)
            return;
        fresh.Attempts++;
        fresh.NextAttemptAt = time.GetUtcNow().UtcDateTime.AddSeconds(30);
        work.Job = fresh;
        await work.Db.SaveChangesAsync(ct);
    }

    private static async Task ReleaseAsync(JobWork work, CancellationToken ct)
    {
        if (work.Job is not { } job)
            return;
        try
        {
            job.LeaseOwner = null;
            job.LeaseUntil = null;
            await work.Db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Taken over meanwhile; nothing of ours to release.
        }
    }

    private async Task RenewLeaseAsync(JobWork work, CancellationToken ct)
    {
        work.Job!.LeaseUntil = time.GetUtcNow().UtcDateTime + options.Value.Lease;
        await work.Db.SaveChangesAsync(ct);
    }

    /// <summary>One status message per job, edited only when its text changes and not more often than the interval.</summary>
    private async Task ShowStatusAsync(JobWork work, Text text, params object?[] args)
    {
        var job = work.Job!;
        if (!_senders.TryGetValue(job.Channel, out var sender))
            return;
        var html = text.In(await work.LanguageAsync(CancellationToken.None), args);
        var now = time.GetUtcNow().UtcDateTime;
        if (html == job.StatusText || (job.StatusEditedAt is { } last && now - last < options.Value.ProgressEditInterval && text != Messages.Downloading))
            return;
        try
        {
            if (job.StatusMessageId is null)
                job.StatusMessageId = (await sender.SendAsync(job.ChatId, new TextReply(html), CancellationToken.None)).MessageId;
            else
                await sender.EditTextAsync(job.ChatId, job.StatusMessageId, html, CancellationToken.None);
            job.StatusText = html;
            job.StatusEditedAt = now;
        }
        catch (Exception ex) when (ex is ChatUnreachableException or ChatRateLimitedException or HttpRequestException)
        {
            // Progress is a courtesy: the job goes on.
            logger.LogDebug("Status of job {Job} not shown: {Error}", job.Id, ex.Message);
        }
    }

    /// <summary>Removes the files of videos deleted longer ago than the retention period.</summary>
    public async Task<int> PurgeDeletedFilesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        var before = time.GetUtcNow().UtcDateTime - options.Value.DeletedRetention;
        var jobs = await db.VideoJobs.Where(j => j.Status == VideoJobStatus.Deleted && j.DeletedAt < before && j.FilePath != null).ToListAsync(ct);
        foreach (var job in jobs)
        {
            media.Delete(job.FilePath!);
            job.FilePath = null;
            job.ChannelFileId = null;
        }

        await db.SaveChangesAsync(ct);
        return jobs.Count;
    }

    /// <summary>Tells the runners to look at a job now (a provider webhook said it changed).</summary>
    public static async Task<bool> PokeAsync(GatewayDbContext db, string provider, string providerJobId, DateTime now, CancellationToken ct) =>
        await db.VideoJobs.Where(j => j.Provider == provider && j.ProviderJobId == providerJobId && Active.Contains(j.Status))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.NextAttemptAt, now), ct) == 1;

    private static string Trim(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>One job being worked on, with the scope it is tracked in.</summary>
    private sealed class JobWork(IServiceProvider services, VideoJob? job)
    {
        private string? _language;

        public IServiceProvider Services { get; } = services;
        public GatewayDbContext Db { get; } = services.GetRequiredService<GatewayDbContext>();
        public VideoJob? Job { get; set; } = job;

        public async Task<string> LanguageAsync(CancellationToken ct) =>
            _language ??= Languages.Normalize(await Db.Users.Where(u => u.Id == Job!.UserId).Select(u => u.Language).SingleOrDefaultAsync(ct));
    }
}

/// <summary>Why a job failed, as the user is told.</summary>
public enum VideoFailureReason
{
    Refused,
    Invalid,
    Busy,
    Timeout,
    System,
}

/// <summary>Payload of <see cref="OutboxKinds.VideoFailed"/>.</summary>
public sealed record VideoFailedNotice(Guid JobId, VideoFailureReason Reason, string? ProviderMessage, long RefundedCredits, long BalanceAfter);
