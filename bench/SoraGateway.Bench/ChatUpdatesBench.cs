using System.Diagnostics;
using HdrHistogram;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Bot;
using SoraGateway.Ledger;
using SoraGateway.Testing.FakeTelegram;
using SoraGateway.Users;

namespace SoraGateway.Bench;

/// <summary>
/// Telegram updates through the whole path — fake Bot API (long polling, real Telegram.Bot client)
/// → per-chat dispatcher → conversation engine → database → reply back to the fake — with 1,000
/// users each doing the video flow (/start, /video, prompt, duration, frame, quality, confirm) as a
/// closed loop: a user sends the next update when the reply to the previous one has arrived.
/// </summary>
internal static class ChatUpdatesBench
{
    private const int StepsPerUser = 7;

    public static async Task<int> RunAsync(string[] args)
    {
        var users = int.Parse(BenchArgs.Value(args, "--users") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"{users} users × {StepsPerUser} updates (the video flow), Bot host + fake Bot API in one process, {Environment.ProcessorCount} cores");
        Console.WriteLine("| database | updates | seconds | updates/s | reply p50 ms | reply p99 ms | peak working set MB | jobs queued |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var provider in (BenchArgs.Value(args, "--databases") ?? "Sqlite,Postgres").Split(','))
            Console.WriteLine(await RunOneAsync(provider, users));
        return 0;
    }

    private static async Task<string> RunOneAsync(string provider, int users)
    {
        await using var postgres = provider == "Postgres" ? await BenchDatabase.CreateAsync("updates") : null;
        var sqliteFile = Path.Combine(Path.GetTempPath(), $"sora-bench-{Guid.NewGuid():N}.db");
        var database = postgres?.Settings ?? new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Gateway"] = $"Data Source={sqliteFile}",
        };
        await using var telegram = await FakeBotApiServer.StartAsync();
        var media = Path.Combine(Path.GetTempPath(), "sora-bench-media-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>(database)
        {
            ["Database:MigrateOnStart"] = "true",
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString(),
            ["Storage:VideoPath"] = media,
            ["Video:Jobs:PollInterval"] = "00:01:00",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        using var host = BotComposition.CreateBuilder([], b => b.Configuration.AddInMemoryCollection(settings)).Build();
        await host.StartAsync();
        await SeedUsersAsync(host.Services, users);

        var histogram = new LongHistogram(TimeStamp.Seconds(120), 3);
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(1, users).Select(u => Task.Run(() => UserAsync(telegram, 1_000_000 + u, histogram))));
        var elapsed = started.Elapsed;

        var process = Process.GetCurrentProcess();
        int jobs;
        await using (var scope = host.Services.CreateAsyncScope())
            jobs = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
                scope.ServiceProvider.GetRequiredService<SoraGateway.Persistence.GatewayDbContext>().VideoJobs);
        await host.StopAsync();
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" })
            File.Delete(f);
        if (Directory.Exists(media))
            Directory.Delete(media, true);
        if (jobs != users)
            throw new InvalidOperationException($"Expected {users} queued jobs, found {jobs}.");

        var updates = users * StepsPerUser;
        return FormattableString.Invariant(
            $"| {provider} | {updates} | {elapsed.TotalSeconds:F1} | {updates / elapsed.TotalSeconds:F0} | {Ms(histogram, 50):F1} | {Ms(histogram, 99):F1} | {process.PeakWorkingSet64 / 1024.0 / 1024:F0} | {jobs} |");
    }

    private static double Ms(LongHistogram h, double percentile) => h.GetValueAtPercentile(percentile) * 1000.0 / Stopwatch.Frequency;

    private static async Task SeedUsersAsync(IServiceProvider services, int users)
    {
        await Parallel.ForAsync(1, users + 1, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var id = (1_000_000 + u).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var user = await scope.ServiceProvider.GetRequiredService<UserDirectory>().FindOrCreateAsync(ChannelNames.Telegram, id, "Lan", "vi", ct);
            await scope.ServiceProvider.GetRequiredService<CreditLedger>().CreditAsync(
                new LedgerPosting(user.Id, 100, LedgerKind.Grant, $"bench:{id}", "bench"), ct);
        });
    }

    /// <summary>One person doing the video flow, each step waiting for the previous reply.</summary>
    private static async Task UserAsync(FakeBotApiServer telegram, long chat, LongHistogram histogram)
    {
        async Task<SentMessage> StepAsync(Action send, string expect)
        {
            var t0 = Stopwatch.GetTimestamp();
            var after = telegram.SentTo(chat) is { Count: > 0 } sent ? sent[^1].Sequence : 0;
            send();
            var reply = await telegram.WaitForAsync(m => m.ChatId == chat && m.Sequence > after && (m.Text ?? "").Contains(expect, StringComparison.Ordinal),
                TimeSpan.FromSeconds(120));
            lock (histogram)
                histogram.RecordValue(Stopwatch.GetTimestamp() - t0);
            return reply;
        }

        Action Press(SentMessage m, string label) => () =>
            telegram.EnqueueCallback(chat, m.MessageId, m.Buttons.First(b => b.Text.Contains(label, StringComparison.Ordinal)).CallbackData!);

        await StepAsync(() => telegram.EnqueueText(chat, "/start"), "Xin chào");
        await StepAsync(() => telegram.EnqueueText(chat, "/video"), "Hãy mô tả");
        var durations = await StepAsync(() => telegram.EnqueueText(chat, "Một chú mèo cam đạp xe qua phố cổ Hội An"), "Chọn độ dài");
        var frames = await StepAsync(Press(durations, "8 giây"), "Chọn độ phân giải");
        var qualities = await StepAsync(Press(frames, "720p ngang"), "Chọn chất lượng");
        var confirm = await StepAsync(Press(qualities, "Lite"), "Xác nhận tạo video");
        await StepAsync(Press(confirm, "Xác nhận"), "Đã trừ");
    }
}
