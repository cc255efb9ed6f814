using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Conversations;
using SoraGateway.Storage;

namespace SoraGateway.Channels.Emulator;

/// <summary>The local emulator: what the Bot host runs when no chat token is configured.</summary>
public static class EmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Settings the emulator needs to show the whole product on a fresh machine — a clearly fake
    /// receiving account and a per-run webhook key for the bank simulator — placed first, so any
    /// real setting or environment variable still wins.
    /// </summary>
    public static void AddEmulatorDefaults(this IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["Payments:Bank"] = "970436",
                ["Payments:AccountNumber"] = "0000000000",
                ["Payments:AccountName"] = "SORA GATEWAY DEMO",
                ["Casso:WebhookKey"] = "emulator-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
                ["Simulator:Delay"] = "00:00:05",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            },
        });
    }

    /// <summary>The terminal chat on the process's console (or the given reader and writer in tests).</summary>
    public static IServiceCollection AddEmulator(this IServiceCollection services, IConfiguration configuration, TextReader? input = null, TextWriter? output = null)
    {
        services.AddOptions<EmulatorOptions>().Bind(configuration.GetSection(EmulatorOptions.Section));
        services.AddSingleton(sp => new EmulatorConsole(input ?? Console.In, output ?? Console.Out, sp.GetRequiredService<MediaStore>()));
        services.AddSingleton<IChatSender>(sp => sp.GetRequiredService<EmulatorConsole>());
        services.AddHostedService<EmulatorSession>();
        return services;
    }
}
