using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Payments;

namespace SoraGateway.Persistence;

/// <summary>
/// Brings the database to the current schema and seeds the default credit packages into an empty
/// package table. Safe to run from several hosts at once (EF takes a migration lock).
/// </summary>
public sealed class DatabaseMigrator(
    GatewayDbContext db, IOptions<CreditPackageOptions> packages, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Applies pending migrations, then seeds packages if there are none.</summary>
    public async Task<MigrationReport> MigrateAsync(CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // Persistent per database file: readers never block the writer.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
        }

        // Asking EF for pending migrations on an empty database logs a failed query; look first.
        var history = db.GetService<IHistoryRepository>();
        var applied = await history.ExistsAsync(ct) ? (await history.GetAppliedMigrationsAsync(ct)).Select(m => m.MigrationId) : [];
        var pending = db.Database.GetMigrations().Except(applied).ToList();
        await db.Database.MigrateAsync(ct);
        var seeded = await SeedPackagesAsync(ct);
        if (pending.Count > 0 || seeded > 0)
            logger.LogInformation("Database ({Provider}) migrated: {Count} migrations applied, {Seeded} packages seeded",
                db.Provider, pending.Count, seeded);
        return new MigrationReport(pending, seeded);
    }

    private async Task<int> SeedPackagesAsync(CancellationToken ct)
    {
        var seeded = 0;
        if (await db.CreditPackages.AnyAsync(ct))
            return 0;

        // ON CONFLICT: two hosts migrating at once both see the empty table; the second inserts nothing.
        foreach (var p in packages.Value.EffectiveDefaults)
        {
            seeded += await (await db.CommandAsync("""
                INSERT INTO credit_packages (code, name_vi, name_en, credits, price_vnd, active, display_order)
                VALUES (@code, @name_vi, @name_en, @credits, @price, @active, @order)
                ON CONFLICT DO NOTHING
                """, ct))
                .With("code", p.Code)
                .With("name_vi", p.NameVi)
                .With("name_en", p.NameEn)
                .With("credits", p.Credits)
                .With("price", p.PriceVnd)
                .With("active", true, System.Data.DbType.Boolean)
                .With("order", p.DisplayOrder, System.Data.DbType.Int32)
                .ExecuteAsync(ct);
        }

        return seeded;
    }
}

/// <summary>What <see cref="DatabaseMigrator.MigrateAsync"/> did.</summary>
public sealed record MigrationReport(IReadOnlyList<string> AppliedMigrations, int PackagesSeeded);
