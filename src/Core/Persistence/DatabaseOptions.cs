namespace SoraGateway.Persistence;

/// <summary><c>Database</c> section plus <c>ConnectionStrings:Gateway</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Gateway";
    public const string DefaultSqliteConnectionString = "Data Source=data/gateway.db";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when a host starts (default true).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Resolved from <c>ConnectionStrings:Gateway</c>; SQLite falls back to <c>data/gateway.db</c>.</summary>
    public string ConnectionString { get; set; } = "";
}
