using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SoraGateway.Hosting;
using SoraGateway.Persistence;

namespace SoraGateway.Tests.Infrastructure;

/// <summary>
/// A fresh, migrated, empty database for one test class: a temporary SQLite file, or a new
/// database on the throwaway PostgreSQL server that <c>./build.sh test</c> starts
/// (<c>SORA_TEST_POSTGRES</c>). PostgreSQL databases are cloned from a migrated template.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static bool _templateReady;
    private const string TemplateName = "sora_template";

    private TestDatabase(DatabaseProvider provider, string connectionString, Func<Task> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _drop = drop;
    }

    private readonly Func<Task> _drop;

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    /// <summary>Settings a host would read for this database.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Database:Provider"] = Provider.ToString(),
        ["Database:MigrateOnStart"] = "false",
        ["ConnectionStrings:Gateway"] = ConnectionString,
    };

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "sora-tests");
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, $"{Guid.NewGuid():N}.db");
            var db = new TestDatabase(provider, $"Data Source={file};Pooling=True", () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                    File.Delete(f);
                return Task.CompletedTask;
            });
            await db.MigrateAsync();
            return db;
        }

        var server = PostgresServerConnectionString();
        await EnsureTemplateAsync(server);
        var name = $"sora_test_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name} TEMPLATE {TemplateName}");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return new TestDatabase(provider, connectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        });
    }

    /// <summary>Services as a host would compose them, on this database.</summary>
    public ServiceProvider CreateServices(Action<IServiceCollection>? configure = null, TimeProvider? time = null,
        IDictionary<string, string?>? settings = null)
    {
        var all = Settings;
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            all[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
            services.AddSingleton(time);
        services.AddGatewayCore(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public async ValueTask DisposeAsync() => await _drop();

    private async Task MigrateAsync()
    {
        await using var services = CreateServices();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    private static string PostgresServerConnectionString() =>
        Environment.GetEnvironmentVariable("SORA_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "SORA_TEST_POSTGRES is not set. The PostgreSQL tests need the throwaway server that `./build.sh test` starts; run the suite with `./build.sh test` (they are never skipped).");

    private static async Task EnsureTemplateAsync(string server)
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (_templateReady)
                return;
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE)");
            await ExecuteAsync(server, $"CREATE DATABASE {TemplateName}");
            var template = new TestDatabase(DatabaseProvider.Postgres,
                new NpgsqlConnectionStringBuilder(server) { Database = TemplateName, Pooling = false }.ConnectionString,
                () => Task.CompletedTask);
            await template.MigrateAsync();
            NpgsqlConnection.ClearAllPools();
            _templateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
