using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Ledger;

namespace SoraGateway.AdminCli;

/// <summary><c>audit</c>: checks the ledger invariants; exit code 1 when any is broken.</summary>
internal static class AuditCommands
{
    public static Command Create(AdminContext context)
    {
        var audit = new Command("audit", "Check the ledger invariants (balances, double entry, refunds). Exit code 1 on any violation.");
        audit.SetAction(async (parse, ct) =>
        {
            var report = await context.WithServicesAsync(sp => sp.GetRequiredService<LedgerAudit>().RunAsync(ct));
            var table = context.Table(parse, "rule", "subject", "detail");
            foreach (var v in report.Violations)
                table.Row(v.Rule, v.Subject, v.Detail);
            if (!parse.GetValue(context.JsonOption))
                await context.Output.WriteLineAsync(report.IsClean
                    ? $"Ledger is sound: {report.ChecksRun} checks, no violation."
                    : $"{report.Violations.Count} violation(s) in {report.ChecksRun} checks:");
            if (!report.IsClean || parse.GetValue(context.JsonOption))
                await table.WriteAsync();
            return report.IsClean ? 0 : 1;
        });
        return audit;
    }
}
