using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Payments;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;

namespace SoraGateway.Tests.Persistence;

public sealed class MigrationSpecs_Sqlite() : MigrationSpecs(DatabaseProvider.Sqlite);

public sealed class MigrationSpecs_Postgres() : MigrationSpecs(DatabaseProvider.Postgres);

public abstract class MigrationSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    [Fact]
    public async Task A_migrated_database_has_no_pending_migrations_and_the_model_matches_the_snapshot()
    {
        await InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<GatewayDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run dotnet ef migrations add for both providers.");
        });
    }

    [Fact]
    public async Task The_first_migrate_seeds_the_default_packages_and_a_second_migrate_changes_nothing()
    {
        var report = await InScopeAsync(sp => sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None));
        var packages = await InScopeAsync(sp => sp.GetRequiredService<CreditPackageCatalog>().ListActiveAsync(CancellationToken.None));

        Assert.Empty(report.AppliedMigrations);
        Assert.Equal(0, report.PackagesSeeded);
        Assert.Equal(CreditPackageOptions.BuiltIn.Select(p => p.Code), packages.Select(p => p.Code));
    }

    [Fact]
    public async Task The_database_refuses_a_negative_balance_even_if_code_tried()
    {
        await InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<SoraGateway.Users.UserDirectory>();
            var user = await users.FindOrCreateAsync(SoraGateway.Users.ChannelNames.Telegram, "1", "x", null, CancellationToken.None);
            var db = sp.GetRequiredService<GatewayDbContext>();
            await Assert.ThrowsAnyAsync<Exception>(() =>
                db.Database.ExecuteSqlAsync($"UPDATE credit_accounts SET balance = -1 WHERE user_id = {user.Id}"));
        });
    }
}
