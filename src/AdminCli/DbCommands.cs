using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Persistence;

namespace SoraGateway.AdminCli;

/// <summary><c>db migrate</c>.</summary>
internal static class DbCommands
{
    public static Command Create(AdminContext context)
    {
        var migrate = new Command("migrate", "Apply pending migrations to the configured database and seed default packages.");
        migrate.SetAction(async (parse, ct) =>
        {
            var report = await context.WithServicesAsync(sp => sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct));
            var table = context.Table(parse, "migration");
            foreach (var m in report.AppliedMigrations)
                table.Row(m);
            if (!parse.GetValue(context.JsonOption))
                await context.Output.WriteLineAsync($"Applied {report.AppliedMigrations.Count} migration(s); seeded {report.PackagesSeeded} package(s).");
            await table.WriteAsync();
            return 0;
        });
        return new Command("db", "Database schema.") { migrate };
    }
}
