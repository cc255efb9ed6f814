using System.Diagnostics;
using HdrHistogram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SoraGateway.Hosting;
using SoraGateway.Persistence;

namespace SoraGateway.Bench;

/// <summary>A fresh PostgreSQL database on the server of <c>SORA_BENCH_POSTGRES</c>, migrated.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private BenchDatabase(string server, string name, Dictionary<string, string?> settings)
    {
        _server = server;
        _name = name;
        Settings = settings;
    }

    public Dictionary<string, string?> Settings { get; }

    public static async Task<BenchDatabase> CreateAsync(string label)
    {
        var server = Environment.GetEnvironmentVariable("SORA_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("SORA_BENCH_POSTGRES is not set; run through ./build.sh bench.");
        var name = $"sora_bench_{label}_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 }.ConnectionString;
        var db = new BenchDatabase(server, name, new()
        {
            ["Database:Provider"] = "Postgres",
            ["Database:MigrateOnStart"] = "false",
            ["ConnectionStrings:Gateway"] = cs,
        });
        await using var services = db.CreateServices();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return db;
    }

    public ServiceProvider CreateServices(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? extra = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).AddInMemoryCollection(extra ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddGatewayCore(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Runs <c>workers</c> loops for a fixed time and records each operation's latency.</summary>
internal static class LoadRunner
{
    public sealed record Result(int Workers, long Operations, double Seconds, double P50Ms, double P99Ms, long Failures)
    {
        public double PerSecond => Operations / Seconds;
    }

    // Global so that warm-up and measured phases never hand out the same number twice.
    private static long _sequence;

    public static async Task<Result> RunAsync(int workers, TimeSpan duration, Func<int, long, Task<bool>> operation, TimeSpan? warmup = null)
    {
        await RunPhaseAsync(workers, warmup ?? TimeSpan.FromSeconds(2), operation, record: null);
        var histogram = new LongConcurrentHistogram(1, TimeStamp.Seconds(60), 3);
        var (ops, failures, seconds) = await RunPhaseAsync(workers, duration, operation, histogram);
        return new Result(workers, ops, seconds,
            histogram.GetValueAtPercentile(50) * 1000.0 / Stopwatch.Frequency,
            histogram.GetValueAtPercentile(99) * 1000.0 / Stopwatch.Frequency, failures);
    }

    private static async Task<(long Ops, long Failures, double Seconds)> RunPhaseAsync(
        int workers, TimeSpan duration, Func<int, long, Task<bool>> operation, LongConcurrentHistogram? record)
    {
        long ops = 0, failures = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var t0 = Stopwatch.GetTimestamp();
                var ok = await operation(w, Interlocked.Increment(ref _sequence));
                record?.RecordValue(Math.Max(1, Stopwatch.GetTimestamp() - t0));
                Interlocked.Increment(ref ops);
                if (!ok)
                    Interlocked.Increment(ref failures);
            }
        })));
        return (ops, failures, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    public static string Header(string firstColumn) =>
        $"| {firstColumn} | workers | ops | ops/s | p50 ms | p99 ms | failed |\n|---|---:|---:|---:|---:|---:|---:|";

    public static string Row(string label, Result r) =>
        FormattableString.Invariant($"| {label} | {r.Workers} | {r.Operations} | {r.PerSecond:F0} | {r.P50Ms:F2} | {r.P99Ms:F2} | {r.Failures} |");
}

internal static class BenchArgs
{
    public static int[] Workers(string[] args, int[] fallback) =>
        Value(args, "--workers") is { } w ? w.Split(',').Select(int.Parse).ToArray() : fallback;

    public static TimeSpan Seconds(string[] args, int fallback) =>
        TimeSpan.FromSeconds(Value(args, "--seconds") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : fallback);

    public static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
