using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Persistence;

namespace SoraGateway.Tests.Infrastructure;

/// <summary>
/// Base for specifications that run unchanged on both databases: a derived class per provider
/// (<c>..._Sqlite</c>, <c>..._Postgres</c>) gets its own fresh database and service provider.
/// </summary>
public abstract class DatabaseSpecs(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;

    protected DatabaseProvider Provider { get; } = provider;
    protected TestDatabase Database => _database ?? throw new InvalidOperationException("Not initialized.");
    protected ServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Extra registrations for the specification's own services.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Time source for the services (the real clock unless a spec overrides it).</summary>
    protected virtual TimeProvider? Time => null;

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Provider);
        _services = _database.CreateServices(ConfigureServices, Time);
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    /// <summary>Runs <paramref name="work"/> in its own DI scope (its own DbContext), like one request.</summary>
    protected async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    protected async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }
}
