using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoraGateway.Conversations;
using SoraGateway.Ledger;
using SoraGateway.Localization;
using SoraGateway.Outbox;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;
using SoraGateway.Videos.Jobs;
using SoraGateway.Videos.Providers;
using SoraGateway.Videos.Providers.Simulator;

namespace SoraGateway.Tests.Videos.Jobs;

public sealed class VideoJobRunnerSpecs_Sqlite() : VideoJobRunnerSpecs(DatabaseProvider.Sqlite);

public sealed class VideoJobRunnerSpecs_Postgres() : VideoJobRunnerSpecs(DatabaseProvider.Postgres);

/// <summary>The job runner from a paid job to the file in the chat, or to the refund.</summary>
public abstract class VideoJobRunnerSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero));
    private readonly RecordingChatSender _chat = new(ChannelNames.Telegram);
    private readonly ScriptedVideoProvider _scripted = new();
    private readonly string _media = Path.Combine(Path.GetTempPath(), "sora-runner-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServiceProvider> _runners = [];

    protected override TimeProvider? Time => _clock;

    protected virtual Dictionary<string, string?> RunnerSettings => new()
    {
        ["Storage:VideoPath"] = _media,
        ["Simulator:Delay"] = "00:00:05",
        ["Video:Jobs:MaxTransientAttempts"] = "2",
        ["Video:Jobs:MaxInFlightPerProvider"] = "100",
        ["Video:Jobs:MaxConcurrentJobs"] = "32",
    };

    public override async Task DisposeAsync()
    {
        foreach (var runner in _runners)
            await runner.DisposeAsync();
        if (Directory.Exists(_media))
            Directory.Delete(_media, recursive: true);
        await base.DisposeAsync();
    }

    /// <summary>A runner process of its own (own services, same database, same clock).</summary>
    private VideoJobRunner NewRunner(IDictionary<string, string?>? settings = null)
    {
        var all = RunnerSettings;
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            all[k] = v;
        var services = Database.CreateServices(s =>
        {
            s.AddSingleton<IChatSender>(_chat);
            s.AddSingleton<IVideoProvider>(_scripted);
        }, _clock, all);
        _runners.Add(services);
        return services.GetRequiredService<VideoJobRunner>();
    }

    /// <summary>A job paid for exactly as the conversation pays for one: debit and job in one transaction.</summary>
    private Task<VideoJob> PaidJobAsync(string prompt = "Một chú mèo cam đạp xe", string providerName = VideoProviderNames.Simulator, long price = 16, string chatId = "501")
    {
        return InScopeAsync(async sp =>
        {
            var user = await sp.GetRequiredService<UserDirectory>().FindOrCreateAsync(ChannelNames.Telegram, chatId, "Lan", "vi", CancellationToken.None);
            var ledger = sp.GetRequiredService<CreditLedger>();
            await ledger.CreditAsync(new LedgerPosting(user.Id, price, LedgerKind.Grant, $"gift:{Guid.NewGuid():N}", "test"), CancellationToken.None);
            var now = _clock.GetUtcNow().UtcDateTime;
            var job = new VideoJob
            {
                Id = Guid.NewGuid(), UserId = user.Id, Channel = ChannelNames.Telegram, ChatId = chatId, Prompt = prompt,
                OfferingCode = "lite", Provider = providerName, Model = "veo-3.1-lite-generate-preview", DurationSeconds = 8,
                Resolution = "720p", Orientation = "landscape", PriceCredits = price, CreatedAt = now, NextAttemptAt = now,
                DeadlineAt = now.AddHours(1),
            };
            var db = sp.GetRequiredService<GatewayDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            (await ledger.DebitAsync(new LedgerPosting(user.Id, price, LedgerKind.Spend, job.DebitKey, "test", $"job:{job.Id:N}"), CancellationToken.None)).EnsureSucceeded();
            db.VideoJobs.Add(job);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return job;
        });
    }

    private Task<VideoJob> JobAsync(Guid id) => InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.AsNoTracking().SingleAsync(j => j.Id == id));

    private Task<long> BalanceAsync(long user) => InScopeAsync(sp => sp.GetRequiredService<CreditLedger>().GetBalanceAsync(user, CancellationToken.None));

    private Task<int> RefundsAsync(Guid job) => InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().LedgerTransactions.CountAsync(t => t.IdempotencyKey == $"video:{job:N}:refund"));

    private Task<LedgerAuditReport> AuditAsync() => InScopeAsync(sp => sp.GetRequiredService<LedgerAudit>().RunAsync(CancellationToken.None));

    private List<VideoReply> Videos => _chat.Sent.Select(s => s.Reply).OfType<VideoReply>().ToList();

    [Fact]
    public async Task A_simulated_job_is_submitted_followed_downloaded_into_our_store_and_delivered_with_its_file_id_kept()
    {
        var job = await PaidJobAsync();
        var runner = NewRunner();

        await runner.RunOnceAsync(CancellationToken.None);
        var submitted = await JobAsync(job.Id);
        _clock.Advance(TimeSpan.FromSeconds(6));
        await runner.RunOnceAsync(CancellationToken.None);

        Assert.Equal(VideoJobStatus.Submitted, submitted.Status);
        Assert.NotNull(submitted.ProviderJobId);
        var done = await JobAsync(job.Id);
        Assert.Equal((VideoJobStatus.Completed, "file-2"), (done.Status, done.ChannelFileId));
        var video = Assert.Single(Videos);
        var bytes = await File.ReadAllBytesAsync(video.FilePath);
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));
        Assert.Equal(bytes.Length, done.FileSizeBytes);
        Assert.Contains("Một chú mèo cam đạp xe", video.CaptionHtml, StringComparison.Ordinal);
        Assert.IsType<TextReply>(_chat.Sent[0].Reply);
        Assert.Equal(0, await RefundsAsync(job.Id));
        Assert.Equal(0, await BalanceAsync(job.UserId));
    }

    [Fact]
    public async Task A_content_refusal_fails_the_job_refunds_it_once_and_tells_the_user_why_in_their_language()
    {
        var job = await PaidJobAsync("Cảnh bạo lực [refuse]");
        var runner = NewRunner();

        await runner.RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(6));
        await runner.RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await runner.RunOnceAsync(CancellationToken.None);

        var failed = await JobAsync(job.Id);
        Assert.Equal((VideoJobStatus.Failed, SimulatorProvider.RefusalCode), (failed.Status, failed.FailureCode));
        Assert.Equal(1, await RefundsAsync(job.Id));
        Assert.Equal(16, await BalanceAsync(job.UserId));
        var notice = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().OutboxMessages.SingleAsync());
        var rendered = await InScopeAsync(sp => sp.GetRequiredService<OutboxRenderer>().RenderAsync(notice, CancellationToken.None));
        var text = Html.ToPlainText(((TextReply)rendered.Single()).Html);
        Assert.Contains("bộ lọc an toàn", text, StringComparison.Ordinal);
        Assert.Contains("Đã hoàn 16 credit", text, StringComparison.Ordinal);
        Assert.Empty(Videos);
        Assert.True((await AuditAsync()).IsClean);
    }

    [Fact]
    public async Task An_invalid_request_fails_at_submit_and_is_refunded()
    {
        var job = await PaidJobAsync("[invalid] prompt");

        await NewRunner().RunOnceAsync(CancellationToken.None);

        Assert.Equal(VideoJobStatus.Failed, (await JobAsync(job.Id)).Status);
        Assert.Equal(1, await RefundsAsync(job.Id));
    }

    [Fact]
    public async Task A_rate_limited_submit_keeps_the_job_queued_for_the_providers_delay_without_counting_an_attempt()
    {
        var job = await PaidJobAsync("[ratelimit] please wait");

        await NewRunner().RunOnceAsync(CancellationToken.None);

        var queued = await JobAsync(job.Id);
        Assert.Equal((VideoJobStatus.Queued, 0, (string?)null), (queued.Status, queued.Attempts, queued.ProviderJobId));
        Assert.True(queued.NextAttemptAt > _clock.GetUtcNow().UtcDateTime);
        Assert.Equal(0, await RefundsAsync(job.Id));
    }

    [Fact]
    public async Task A_transient_submit_error_is_retried_and_the_job_then_completes()
    {
        _scripted.TransientSubmits = 1;
        var job = await PaidJobAsync(providerName: _scripted.Name);
        var runner = NewRunner();

        await runner.RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(11));
        await runner.RunOnceAsync(CancellationToken.None);
        _scripted.CompleteAll();
        _clock.Advance(TimeSpan.FromSeconds(3));
        await runner.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, _scripted.Submits);
        Assert.Equal(VideoJobStatus.Completed, (await JobAsync(job.Id)).Status);
        Assert.Single(Videos);
    }

    [Fact]
    public async Task Transient_errors_past_the_budget_fail_the_job_with_one_refund()
    {
        var job = await PaidJobAsync(providerName: _scripted.Name);
        var runner = NewRunner();
        await runner.RunOnceAsync(CancellationToken.None);
        _scripted.StatusUnavailable = true;

        for (var round = 0; round < 6; round++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            await runner.RunOnceAsync(CancellationToken.None);
        }

        var failed = await JobAsync(job.Id);
        Assert.Equal(VideoJobStatus.Failed, failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.Equal(1, await RefundsAsync(job.Id));
        Assert.Equal(16, await BalanceAsync(job.UserId));
    }

    [Fact]
    public async Task A_job_past_its_deadline_fails_and_is_refunded()
    {
        var job = await PaidJobAsync(providerName: _scripted.Name);
        var runner = NewRunner();
        await runner.RunOnceAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromHours(2));
        await runner.RunOnceAsync(CancellationToken.None);

        Assert.Equal((VideoJobStatus.Failed, "deadline"), ((await JobAsync(job.Id)).Status, (await JobAsync(job.Id)).FailureCode));
        Assert.Equal(1, await RefundsAsync(job.Id));
    }

    [Fact]
    public async Task A_runner_stopped_between_submit_and_completion_is_replaced_by_another_that_resumes_without_resubmitting()
    {
        var job = await PaidJobAsync(providerName: _scripted.Name);
        var first = NewRunner();
        await first.RunOnceAsync(CancellationToken.None);
        // The first runner dies while polling: its lease is still on the job.
        await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.LeaseOwner, "runner:dead").SetProperty(j => j.LeaseUntil, _clock.GetUtcNow().UtcDateTime.AddMinutes(2))));
        var second = NewRunner();
        _scripted.CompleteAll();

        _clock.Advance(TimeSpan.FromMinutes(1));
        var whileLeased = await second.RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));
        var afterLease = await second.RunOnceAsync(CancellationToken.None);

        Assert.Equal((0, 1), (whileLeased, afterLease));
        Assert.Equal(1, _scripted.Submits);
        Assert.Equal(VideoJobStatus.Completed, (await JobAsync(job.Id)).Status);
        Assert.Single(Videos);
    }

    [Fact]
    public async Task A_submission_interrupted_before_the_provider_id_was_stored_is_failed_and_refunded_never_sent_twice()
    {
        var job = await PaidJobAsync(providerName: _scripted.Name);
        await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, VideoJobStatus.Submitted).SetProperty(j => j.LeaseOwner, "runner:dead")
            .SetProperty(j => j.LeaseUntil, _clock.GetUtcNow().UtcDateTime.AddMinutes(2))));
        _clock.Advance(TimeSpan.FromMinutes(3));

        await NewRunner().RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, _scripted.Submits);
        Assert.Equal((VideoJobStatus.Failed, "submission_interrupted"), ((await JobAsync(job.Id)).Status, (await JobAsync(job.Id)).FailureCode));
        Assert.Equal(1, await RefundsAsync(job.Id));
    }

    [Fact]
    public async Task A_webhook_poke_and_two_runners_that_all_see_completion_deliver_once()
    {
        var job = await PaidJobAsync(providerName: _scripted.Name);
        var a = NewRunner();
        var b = NewRunner();
        await a.RunOnceAsync(CancellationToken.None);
        var providerJobId = (await JobAsync(job.Id)).ProviderJobId!;
        _scripted.Complete(providerJobId);

        var poked = await InScopeAsync(sp => VideoJobRunner.PokeAsync(sp.GetRequiredService<GatewayDbContext>(), _scripted.Name, providerJobId,
            _clock.GetUtcNow().UtcDateTime, CancellationToken.None));
        await Task.WhenAll(Task.Run(() => a.RunOnceAsync(CancellationToken.None)), Task.Run(() => b.RunOnceAsync(CancellationToken.None)));
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Task.WhenAll(Task.Run(() => a.RunOnceAsync(CancellationToken.None)), Task.Run(() => b.RunOnceAsync(CancellationToken.None)));

        Assert.True(poked);
        Assert.Single(Videos);
        Assert.Equal(VideoJobStatus.Completed, (await JobAsync(job.Id)).Status);
    }

    [Fact]
    public async Task Jobs_beyond_the_providers_limit_wait_in_line_and_their_users_see_their_position()
    {
        var jobs = new List<VideoJob>();
        for (var i = 0; i < 3; i++)
        {
            jobs.Add(await PaidJobAsync(providerName: _scripted.Name, chatId: $"60{i}"));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        await NewRunner(new Dictionary<string, string?> { ["Video:Jobs:MaxInFlightPerProvider"] = "1" }).RunOnceAsync(CancellationToken.None);

        var statuses = new List<VideoJobStatus>();
        foreach (var j in jobs)
            statuses.Add((await JobAsync(j.Id)).Status);
        Assert.Single(statuses, s => s == VideoJobStatus.Submitted);
        Assert.Equal(2, statuses.Count(s => s == VideoJobStatus.Queued));
        Assert.Equal(1, _scripted.Submits);
        Assert.Contains(_chat.Sent, s => s.Reply is TextReply t && t.Html.Contains("vị trí #", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Progress_edits_the_one_status_message_only_when_its_text_changes_and_not_more_often_than_every_5_seconds()
    {
        var job = await PaidJobAsync(providerName: _scripted.Name);
        var runner = NewRunner();
        await runner.RunOnceAsync(CancellationToken.None);
        var id = (await JobAsync(job.Id)).ProviderJobId!;

        foreach (var (percent, wait) in new[] { (10, 6), (20, 2), (30, 6), (30, 6) })
        {
            _scripted.Progress(id, percent);
            _clock.Advance(TimeSpan.FromSeconds(wait));
            await runner.RunOnceAsync(CancellationToken.None);
        }

        Assert.Single(_chat.Sent);
        Assert.Equal(["🎞 Đang tạo video… 10%", "🎞 Đang tạo video… 30%"], _chat.Edits.Select(e => e.Html));
        Assert.All(_chat.Edits, e => Assert.Equal("1", e.MessageId));
    }

    [Fact]
    public async Task A_hundred_jobs_with_a_30_percent_refusal_rate_end_with_exactly_the_refused_jobs_refunded_once()
    {
        var jobs = new List<VideoJob>();
        for (var i = 0; i < 100; i++)
            jobs.Add(await PaidJobAsync($"Cảnh số {i} của bộ phim", chatId: $"7{i:000}"));
        var runners = new[]
        {
            NewRunner(new Dictionary<string, string?> { ["Simulator:RefusalRate"] = "0.3" }),
            NewRunner(new Dictionary<string, string?> { ["Simulator:RefusalRate"] = "0.3" }),
        };

        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunOnceAsync(CancellationToken.None))));
            _clock.Advance(TimeSpan.FromSeconds(6));
        }

        var final = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.AsNoTracking().ToListAsync());
        var refunded = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().LedgerTransactions
            .Where(t => t.Kind == LedgerKind.Refund).Select(t => t.Reference).ToListAsync());
        Assert.All(final, j => Assert.True(j.Status is VideoJobStatus.Completed or VideoJobStatus.Failed, j.Status.ToString()));
        var refused = final.Where(j => j.Status == VideoJobStatus.Failed).ToList();
        Assert.All(refused, j => Assert.Equal(SimulatorProvider.RefusalCode, j.FailureCode));
        Assert.InRange(refused.Count, 15, 45);
        Assert.Equal(refused.Select(j => $"job:{j.Id:N}").Order(), refunded.Order());
        Assert.Equal(100 - refused.Count, Videos.Count);
        Assert.Equal(100 - refused.Count, Videos.Select(v => v.JobId).Distinct().Count());
        var report = await AuditAsync();
        Assert.True(report.IsClean, string.Join("; ", report.Violations));
    }

    [Fact]
    public async Task Files_of_deleted_videos_are_removed_after_the_retention_period()
    {
        var job = await PaidJobAsync();
        var runner = NewRunner();
        await runner.RunOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(6));
        await runner.RunOnceAsync(CancellationToken.None);
        var file = Videos.Single().FilePath;
        await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().VideoJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, VideoJobStatus.Deleted).SetProperty(j => j.DeletedAt, _clock.GetUtcNow().UtcDateTime)));

        var early = await runner.PurgeDeletedFilesAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(8));
        var late = await runner.PurgeDeletedFilesAsync(CancellationToken.None);

        Assert.Equal((0, 1), (early, late));
        Assert.False(File.Exists(file));
    }
}
