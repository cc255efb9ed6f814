using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SoraGateway.Conversations;
using SoraGateway.Users;
using SoraGateway.Videos.Jobs;

namespace SoraGateway.Bench;

/// <summary>
/// 2,000 queued jobs against the simulator, worked by 4 runners (each with its own services, as
/// 4 Bot hosts would be) sharing one PostgreSQL: throughput, database commands per job (every
/// command Npgsql executes, counted from its activity source), CPU and memory of the runners.
/// </summary>
internal static class VideoJobsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = int.Parse(BenchArgs.Value(args, "--jobs") ?? "2000", System.Globalization.CultureInfo.InvariantCulture);
        var runnerCount = int.Parse(BenchArgs.Value(args, "--runners") ?? "4", System.Globalization.CultureInfo.InvariantCulture);
        var delay = BenchArgs.Value(args, "--delay") ?? "00:00:02";
        await using var db = await BenchDatabase.CreateAsync("jobs");
        await SeedAsync(db, jobs);

        var settings = new Dictionary<string, string?>
        {
            ["Simulator:Delay"] = delay,
            ["Video:Jobs:MaxInFlightPerProvider"] = jobs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Video:Jobs:MaxConcurrentJobs"] = "64",
            ["Video:Jobs:ProgressEditInterval"] = "00:00:05",
            ["Storage:VideoPath"] = Path.Combine(Path.GetTempPath(), "sora-bench-videos-" + Guid.NewGuid().ToString("N")),
        };
        var sender = new CountingSender();
        var runners = Enumerable.Range(0, runnerCount).Select(_ => db.CreateServices(s => s.AddSingleton<IChatSender>(sender), settings)).ToList();

        long commands = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _ => Interlocked.Increment(ref commands),
        };
        ActivitySource.AddActivityListener(listener);

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.StartNew();
        using var done = new CancellationTokenSource();
        var loops = runners.Select(sp => Task.Run(async () =>
        {
            var runner = sp.GetRequiredService<VideoJobRunner>();
            while (!done.IsCancellationRequested)
            {
                if (await runner.RunOnceAsync(CancellationToken.None) == 0)
                    await Task.Delay(50);
            }
        })).ToList();

        var finished = 0L;
        while (finished < jobs)
        {
            await Task.Delay(500);
            finished = await CountAsync(db, "SELECT count(*) FROM video_jobs WHERE status IN ('Completed', 'Failed')");
        }

        var elapsed = started.Elapsed;
        await done.CancelAsync();
        await Task.WhenAll(loops);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var failed = await CountAsync(db, "SELECT count(*) FROM video_jobs WHERE status = 'Failed'");
        var submits = await CountAsync(db, "SELECT count(*) FROM video_jobs WHERE provider_job_id IS NOT NULL");

        Console.WriteLine($"{jobs} jobs, {runnerCount} runners in one process, Simulator delay {delay}, PostgreSQL, {Environment.ProcessorCount} cores");
        Console.WriteLine("| jobs | runners | wall s | jobs/min | DB commands/job | runner CPU s | CPU % of one core | peak working set MB | failed | videos sent |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(FormattableString.Invariant(
            $"| {jobs} | {runnerCount} | {elapsed.TotalSeconds:F1} | {jobs / elapsed.TotalMinutes:F0} | {(double)commands / jobs:F1} | {cpu.TotalSeconds:F1} | {100 * cpu.TotalSeconds / elapsed.TotalSeconds:F0} | {process.PeakWorkingSet64 / 1024.0 / 1024:F0} | {failed} | {sender.Videos} |"));
        if (submits != jobs || sender.Videos != jobs - failed)
            throw new InvalidOperationException($"Expected {jobs} submissions and {jobs - failed} videos, got {submits} and {sender.Videos}.");
        foreach (var sp in runners)
            await sp.DisposeAsync();
        Directory.Delete(settings["Storage:VideoPath"]!, recursive: true);
        return 0;
    }

    private static async Task SeedAsync(BenchDatabase db, int jobs)
    {
        await using var connection = new NpgsqlConnection(db.Settings["ConnectionStrings:Gateway"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO users (display_name, language, created_at) SELECT 'bench ' || g, 'vi', now() FROM generate_series(1, @n) g;
            INSERT INTO video_jobs (id, user_id, channel, chat_id, prompt, offering_code, provider, model, duration_seconds, resolution,
                orientation, price_credits, status, attempts, next_attempt_at, created_at, deadline_at)
            SELECT gen_random_uuid(), u.id, 'telegram', u.id::text, 'Cảnh ' || u.id, 'lite', 'Simulator', 'veo-3.1-lite-generate-preview', 8,
                '720p', 'landscape', 16, 'Queued', 0, now(), now(), now() + interval '1 hour'
            FROM users u;
            ANALYZE;
            """, connection);
        command.Parameters.AddWithValue("n", jobs);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(BenchDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.Settings["ConnectionStrings:Gateway"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A chat channel that only counts what it is given.</summary>
    private sealed class CountingSender : IChatSender
    {
        private long _videos;
        private long _messages;

        public long Videos => Interlocked.Read(ref _videos);
        public string Channel => ChannelNames.Telegram;

        public Task<DeliveredMessage> SendAsync(string chatId, Reply reply, CancellationToken ct)
        {
            if (reply is VideoReply)
                Interlocked.Increment(ref _videos);
            return Task.FromResult(new DeliveredMessage(Interlocked.Increment(ref _messages).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        public Task EditTextAsync(string chatId, string messageId, string html, CancellationToken ct) => Task.CompletedTask;
    }
}
