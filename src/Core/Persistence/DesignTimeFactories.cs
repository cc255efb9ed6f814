using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SoraGateway.Persistence;

// Used only by `dotnet ef migrations add` (see README: "Changing the schema").
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGatewayDbContext>
{
    public SqliteGatewayDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteGatewayDbContext>();
        PersistenceServiceCollectionExtensions.ConfigureSqlite(builder, "Data Source=:memory:");
        return new SqliteGatewayDbContext(builder.Options);
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGatewayDbContext>
{
    public PostgresGatewayDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresGatewayDbContext>();
        PersistenceServiceCollectionExtensions.ConfigurePostgres(builder, "Host=localhost;Database=design_time");
        return new PostgresGatewayDbContext(builder.Options);
    }
}
