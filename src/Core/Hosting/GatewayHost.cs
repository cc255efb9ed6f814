using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SoraGateway.Hosting;

/// <summary>What the three hosts share around composition: configuration sources and a clean exit on bad settings.</summary>
public static class GatewayHost
{
    /// <summary>
    /// Adds the host's <c>appsettings.json</c> from its build output, so that
    /// <c>dotnet run --project src/Bot</c> finds it from any working directory, then environment
    /// variables and command-line arguments again so that they keep the last word.
    /// </summary>
    public static IConfigurationBuilder AddGatewaySources(this IConfigurationBuilder configuration, string environmentName, string[] args)
    {
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environmentName}.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        return configuration;
    }

    /// <summary>
    /// Builds and runs a host; a missing or malformed setting ends the process with exit code 2 and
    /// one line naming the key, instead of a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(Func<IHost> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        try
        {
            using var host = build();
            await host.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"Configuration error: {string.Join(" ", ex.Failures)}");
            return 2;
        }
    }
}
