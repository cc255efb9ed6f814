using SoraGateway.Bench;

// Benchmarks are run by `./build.sh bench <name>` (which starts a throwaway PostgreSQL) and are
// not part of the test run. Results go to stdout as a Markdown table.
return args.FirstOrDefault() switch
{
    "ledger" => await LedgerBench.RunAsync(args[1..]),
    "casso" => await CassoWebhookBench.RunAsync(args[1..]),
    "jobs" => await VideoJobsBench.RunAsync(args[1..]),
    "updates" => await ChatUpdatesBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SoraGateway.Bench ledger|casso|jobs|updates [--seconds N] [--workers 1,8,32] [--jobs N --runners N]");
    return 2;
}
