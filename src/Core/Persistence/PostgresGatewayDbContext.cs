using Microsoft.EntityFrameworkCore;

namespace SoraGateway.Persistence;

/// <summary>The PostgreSQL flavour of <see cref="GatewayDbContext"/> (own migrations in <c>Migrations/Postgres</c>).</summary>
public sealed class PostgresGatewayDbContext(DbContextOptions<PostgresGatewayDbContext> options) : GatewayDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
