using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SoraGateway.Admin;
using SoraGateway.Ledger;
using SoraGateway.Payments;
using SoraGateway.Users;

namespace SoraGateway.Persistence;

/// <summary>Registers the database, the ledger and the services every host shares.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// The database chosen by <c>Database:Provider</c>, the identity and ledger services, and
    /// (when <c>Database:MigrateOnStart</c>) migration at host start.
    /// </summary>
    public static IServiceCollection AddGatewayDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        // Settings are read when first needed, not now: a test host (WebApplicationFactory) adds
        // its configuration after Program has registered services.
        services.AddOptions<DatabaseOptions>()
            .Configure(o =>
            {
                var read = ReadOptions(configuration);
                o.Provider = read.Provider;
                o.MigrateOnStart = read.MigrateOnStart;
                o.ConnectionString = read.ConnectionString;
            })
            .ValidateOnStart();
        services.TryAddTimeProvider();

        // Both pools are registered; only the configured one is ever created.
        services.AddDbContextPool<SqliteGatewayDbContext>((sp, o) => ConfigureSqlite(o, Settings(sp).ConnectionString));
        services.AddDbContextPool<PostgresGatewayDbContext>((sp, o) => ConfigurePostgres(o, Settings(sp).ConnectionString));
        services.AddScoped<GatewayDbContext>(sp => Settings(sp).Provider == DatabaseProvider.Postgres
            ? sp.GetRequiredService<PostgresGatewayDbContext>()
            : sp.GetRequiredService<SqliteGatewayDbContext>());

        services.AddOptions<CreditPackageOptions>().Bind(configuration.GetSection(CreditPackageOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<CreditLedger>();
        services.AddScoped<LedgerAudit>();
        services.AddScoped<CreditPackageCatalog>();
        services.AddScoped<AdminAuditTrail>();
        services.AddHostedService<MigrateOnStartService>();
        return services;
    }

    private static DatabaseOptions Settings(IServiceProvider sp) => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }

    /// <summary>Reads and checks the database settings; a bad value stops the host naming the key.</summary>
    public static DatabaseOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection(DatabaseOptions.Section);
        var options = new DatabaseOptions();
        var provider = section["Provider"];
        if (!string.IsNullOrWhiteSpace(provider))
        {
            options.Provider = Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var p) && Enum.IsDefined(p)
                ? p
                : throw new OptionsValidationException("Database:Provider", typeof(DatabaseOptions),
                    [$"Database:Provider must be Sqlite or Postgres, not '{provider}'."]);
        }

        var migrate = section["MigrateOnStart"];
        if (!string.IsNullOrWhiteSpace(migrate))
        {
            options.MigrateOnStart = bool.TryParse(migrate, out var m)
                ? m
                : throw new OptionsValidationException("Database:MigrateOnStart", typeof(DatabaseOptions),
                    [$"Database:MigrateOnStart must be true or false, not '{migrate}'."]);
        }

        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = options.Provider == DatabaseProvider.Sqlite
                ? DatabaseOptions.DefaultSqliteConnectionString
                : throw new OptionsValidationException("ConnectionStrings:Gateway", typeof(DatabaseOptions),
                    ["ConnectionStrings:Gateway is required when Database:Provider is Postgres."]);
        }

        options.ConnectionString = connectionString;
        return options;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
        }

        if (csb.DefaultTimeout < 30)
            csb.DefaultTimeout = 30;
        builder.UseSqlite(csb.ToString(), o => o.MigrationsAssembly(typeof(GatewayDbContext).Assembly.FullName))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(SqlitePragmas.Instance);
    }

    internal static void ConfigurePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(GatewayDbContext).Assembly.FullName))
            .UseSnakeCaseNamingConvention();

    /// <summary>Migrates before the host's other services start, so they never see an old schema.</summary>
    private sealed class MigrateOnStartService(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.MigrateOnStart)
                return;
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
