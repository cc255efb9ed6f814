using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Ledger;
using SoraGateway.Users;

namespace SoraGateway.Bench;

/// <summary>
/// Debit throughput through <see cref="CreditLedger.DebitAsync"/> (the real service, pooled
/// DbContext, one scope per debit) on PostgreSQL: each worker on its own wallet, and every
/// worker on one hot wallet.
/// </summary>
internal static class LedgerBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var workers = BenchArgs.Workers(args, [1, 8, 32]);
        var duration = BenchArgs.Seconds(args, 10);
        Console.WriteLine($"Ledger debits on PostgreSQL, {duration.TotalSeconds:F0} s per row, {Environment.ProcessorCount} cores");
        Console.WriteLine(LoadRunner.Header("wallets"));
        foreach (var hot in new[] { false, true })
        {
            foreach (var n in workers)
            {
                await using var db = await BenchDatabase.CreateAsync("ledger");
                await using var services = db.CreateServices();
                var wallets = new long[hot ? 1 : n];
                for (var i = 0; i < wallets.Length; i++)
                {
                    await using var scope = services.CreateAsyncScope();
                    var user = await scope.ServiceProvider.GetRequiredService<UserDirectory>()
                        .FindOrCreateAsync(ChannelNames.Telegram, $"bench-{i}", "bench", null, CancellationToken.None);
                    await scope.ServiceProvider.GetRequiredService<CreditLedger>()
                        .CreditAsync(new LedgerPosting(user.Id, 1_000_000_000, LedgerKind.Grant, $"seed:{i}", "bench"), CancellationToken.None);
                    wallets[i] = user.Id;
                }

                var result = await LoadRunner.RunAsync(n, duration, async (worker, seq) =>
                {
                    await using var scope = services.CreateAsyncScope();
                    var outcome = await scope.ServiceProvider.GetRequiredService<CreditLedger>().DebitAsync(
                        new LedgerPosting(wallets[hot ? 0 : worker], 1, LedgerKind.Spend, $"bench:{seq}:debit", "bench"),
                        CancellationToken.None);
                    return outcome.Status == LedgerStatus.Applied;
                });
                Console.WriteLine(LoadRunner.Row(hot ? "one hot wallet" : "own wallet each", result));

                await using var check = services.CreateAsyncScope();
                var audit = await check.ServiceProvider.GetRequiredService<LedgerAudit>().RunAsync(CancellationToken.None);
                if (!audit.IsClean)
                    throw new InvalidOperationException("Audit failed after the run: " + string.Join("; ", audit.Violations));
            }
        }

        return 0;
    }
}
