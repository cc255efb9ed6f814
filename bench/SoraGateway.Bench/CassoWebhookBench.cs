using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using SoraGateway.Payments;
using SoraGateway.Testing;

namespace SoraGateway.Bench;

/// <summary>
/// Authentic signed Casso V2 webhooks against a real WebhookHost process on PostgreSQL, each a
/// distinct bank transaction paying a distinct order; then the same statements through pgbench
/// as the raw SQL ceiling.
/// </summary>
internal static class CassoWebhookBench
{
    private const int OrdersPerRow = 60_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var workers = BenchArgs.Workers(args, [1, 8, 32]);
        var duration = BenchArgs.Seconds(args, 10);
        var codes = new OrderCodeFormat("SG");
        Console.WriteLine($"Casso V2 webhooks -> WebhookHost (separate process, Kestrel on loopback) -> PostgreSQL; {duration.TotalSeconds:F0} s per row, {Environment.ProcessorCount} cores");
        var rows = new List<string>();
        foreach (var n in workers)
        {
            await using var db = await BenchDatabase.CreateAsync("casso");
            var orderCodes = await SeedOrdersAsync(db, codes, OrdersPerRow);
            await using var host = await WebhookHostProcess.StartAsync(db.Settings, new() { ["Casso:WebhookKey"] = CassoDeliveries.WebhookKey });
            using var http = new HttpClient { BaseAddress = host.BaseUrl };
            long next = -1;
            var result = await LoadRunner.RunAsync(n, duration, async (_, seq) =>
            {
                var i = Interlocked.Increment(ref next);
                var code = orderCodes[(int)i];
                var body = CassoDeliveries.V2Body(1_000_000 + i, 49_000, $"MBVCB.{i}.{code}.CT tu 0011004 NGUYEN VAN A", reference: $"FT{i}");
                using var request = CassoDeliveries.SignedV2(body, DateTimeOffset.UtcNow);
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                    return false;
                var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
                return answer.GetProperty("transactions")[0].GetProperty("outcome").GetString() == "Credited";
            });
            rows.Add(LoadRunner.Row("webhook", result));
            await VerifyAsync(db, result);
        }

        Console.WriteLine(LoadRunner.Header("path"));
        rows.ForEach(Console.WriteLine);
        await PgbenchCeilingAsync(workers, duration, codes);
        return 0;
    }

    /// <summary>Users with wallets and one pending STARTER order each.</summary>
    private static async Task<string[]> SeedOrdersAsync(BenchDatabase db, OrderCodeFormat codes, int count)
    {
        var orderCodes = Enumerable.Range(0, count).Select(_ => codes.Generate()).Distinct().ToArray();
        await using var connection = new NpgsqlConnection(db.Settings["ConnectionStrings:Gateway"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO users (display_name, language, created_at) SELECT 'bench ' || g, 'vi', now() FROM generate_series(1, @n) g;
            INSERT INTO credit_accounts (user_id, balance, version, updated_at) SELECT id, 0, 0, now() FROM users;
            INSERT INTO payment_orders (order_code, user_id, package_code, credits, amount_vnd, received_vnd, status, channel, chat_id, created_at, expires_at)
            SELECT c.code, c.ord, 'STARTER', 50, 49000, 0, 'Pending', 'telegram', c.ord::text, now(), now() + interval '1 hour'
            FROM unnest(@codes) WITH ORDINALITY AS c(code, ord);
            ANALYZE;
            """, connection);
        command.Parameters.AddWithValue("n", orderCodes.Length);
        command.Parameters.AddWithValue("codes", orderCodes);
        await command.ExecuteNonQueryAsync();
        return orderCodes;
    }

    private static async Task VerifyAsync(BenchDatabase db, LoadRunner.Result result)
    {
        await using var connection = new NpgsqlConnection(db.Settings["ConnectionStrings:Gateway"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM payment_orders WHERE status = 'Paid'", connection);
        var paid = (long)(await command.ExecuteScalarAsync())!;
        await using var audit = new NpgsqlCommand("SELECT count(*) FROM ledger_transactions WHERE kind = 'Purchase'", connection);
        var purchases = (long)(await audit.ExecuteScalarAsync())!;
        if (paid != purchases || paid < result.Operations - result.Failures)
            throw new InvalidOperationException($"Inconsistent after run: {paid} paid orders, {purchases} purchases, {result.Operations} requests.");
    }

    /// <summary>The statements one credited webhook runs, replayed by pgbench at the same concurrency.</summary>
    private static async Task PgbenchCeilingAsync(int[] workers, TimeSpan duration, OrderCodeFormat codes)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "casso-webhook.pgbench.sql");
        Console.WriteLine();
        Console.WriteLine($"pgbench ceiling: {Path.GetFileName(script)} (the same statements, C client, no HTTP/JSON/HMAC)");
        Console.WriteLine("| path | clients | transactions | tps | p50 ms | p99 ms | failed |\n|---|---:|---:|---:|---:|---:|---:|");
        foreach (var n in workers)
        {
            await using var db = await BenchDatabase.CreateAsync("pgbench");
            await SeedOrdersAsync(db, codes, OrdersPerRow);
            var cs = new NpgsqlConnectionStringBuilder(db.Settings["ConnectionStrings:Gateway"]);
            await using (var connection = new NpgsqlConnection(cs.ConnectionString))
            {
                await connection.OpenAsync();
                await using var seq = new NpgsqlCommand("CREATE SEQUENCE bench_order_seq; CREATE SEQUENCE bench_casso_seq START 5000000;", connection);
                await seq.ExecuteNonQueryAsync();
            }

            var logDir = Directory.CreateTempSubdirectory("pgbench-").FullName;
            var psi = new ProcessStartInfo("pgbench")
            {
                ArgumentList = { "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!, "-n", "-f", script,
                    "-c", n.ToString(CultureInfo.InvariantCulture), "-j", Math.Min(n, 2).ToString(CultureInfo.InvariantCulture),
                    "-T", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-r", "-l", "--log-prefix", Path.Combine(logDir, "tx"), cs.Database! },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
                throw new InvalidOperationException("pgbench failed: " + errors);
            // Per-transaction log lines: client_id transaction_no time_us script_no time_epoch time_us
            var latencies = Directory.GetFiles(logDir).SelectMany(File.ReadLines)
                .Select(l => long.Parse(l.Split(' ')[2], CultureInfo.InvariantCulture) / 1000.0).Order().ToArray();
            Directory.Delete(logDir, true);
            if (Environment.GetEnvironmentVariable("SORA_BENCH_VERBOSE") == "1")
                Console.Error.WriteLine(output);
            var tps = output.Split('\n').First(l => l.StartsWith("tps", StringComparison.Ordinal)).Split(' ')[2];
            var failed = output.Split('\n').FirstOrDefault(l => l.StartsWith("number of failed", StringComparison.Ordinal))?.Split(' ')[4] ?? "0";
            Console.WriteLine(FormattableString.Invariant(
                $"| pgbench | {n} | {latencies.Length} | {double.Parse(tps, CultureInfo.InvariantCulture):F0} | {latencies[latencies.Length / 2]:F2} | {latencies[(int)(latencies.Length * 0.99)]:F2} | {failed} |"));
        }
    }
}

/// <summary>The WebhookHost as its own process on a free loopback port, configured by environment.</summary>
internal sealed class WebhookHostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WebhookHostProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<WebhookHostProcess> StartAsync(Dictionary<string, string?> settings, Dictionary<string, string?> extra)
    {
        var port = FreePort();
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/WebhookHost/bin/Release/net10.0/SoraGateway.WebhookHost.dll"));
        var psi = new ProcessStartInfo("dotnet") { ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" }, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in settings.Concat(extra))
            psi.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(psi)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var host = new WebhookHostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                    return host;
            }
            catch (HttpRequestException) when (attempt < 100)
            {
            }

            if (process.HasExited)
                throw new InvalidOperationException($"WebhookHost exited with {process.ExitCode}; build it first (dotnet build -c Release).");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
