using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Hosting;

namespace SoraGateway.AdminCli;

/// <summary><c>sora-admin</c>: the operator's command line. Every command works on the configured database.</summary>
public static class AdminApp
{
    /// <summary>Runs one command. <paramref name="settings"/> overrides configuration (tests use it).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IDictionary<string, string?>? settings = null, CancellationToken ct = default)
    {
        var context = new AdminContext(output, error, settings);
        var root = new RootCommand("sora-admin — operate Sora Gateway: database, packages, credits, payments, audits.")
        {
            DbCommands.Create(context),
            AuditCommands.Create(context),
            PackageCommands.Create(context),
            PaymentCommands.Create(context),
            CreditCommands.Create(context),
        };
        root.Options.Add(context.JsonOption);
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"Configuration error: {string.Join(" ", ex.Failures)}");
            return 2;
        }
        finally
        {
            await context.DisposeAsync();
        }
    }
}

/// <summary>What every command needs: output, configuration, and services on the configured database.</summary>
public sealed class AdminContext(TextWriter output, TextWriter error, IDictionary<string, string?>? settings) : IAsyncDisposable
{
    /// <summary><c>--json</c>: machine-readable output for scripts.</summary>
    // One instance per run: an option object must not be shared by parsers running in parallel.
    public Option<bool> JsonOption { get; } = new("--json")
    {
        Description = "Write JSON instead of a table.",
        Recursive = true,
    };

    private ServiceProvider? _services;

    /// <summary><c>--actor</c>: who is acting, for the admin audit trail (default: the OS user).</summary>
    public static Option<string> ActorOption() => new("--actor")
    {
        Description = "Your name for the audit trail.",
        DefaultValueFactory = _ => Environment.UserName,
    };

    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;

    public IConfiguration Configuration { get; } = BuildConfiguration(settings);

    /// <summary>Runs <paramref name="work"/> in a fresh scope of the gateway's services.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        _services ??= BuildServices();
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Table Table(ParseResult parse, params string[] columns) => new(Output, parse.GetValue(JsonOption), columns);

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
            await _services.DisposeAsync();
    }

    private ServiceProvider BuildServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Configuration);
        services.AddLogging(b => b.AddConfiguration(Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning));
        services.AddGatewayCore(Configuration);
        return services.BuildServiceProvider();
    }

    private static IConfiguration BuildConfiguration(IDictionary<string, string?>? settings)
    {
        var builder = new ConfigurationBuilder();
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        builder.AddGatewaySources(environment, []);
        if (settings is not null)
            builder.AddInMemoryCollection(settings);
        return builder.Build();
    }
}
