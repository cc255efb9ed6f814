using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SoraGateway.Channels.Telegram;
using SoraGateway.Conversations;
using SoraGateway.Testing.FakeTelegram;

namespace SoraGateway.Tests.Channels;

/// <summary>
/// A real Generic Host with the Telegram channel (polling by default) pointed at a
/// <see cref="FakeBotApiServer"/>, with a <see cref="StubChatProcessor"/> as the engine.
/// </summary>
public sealed class TelegramTestHost : IAsyncDisposable
{
    private TelegramTestHost(FakeBotApiServer server, IHost host, StubChatProcessor processor, RecordingReachability reachability)
    {
        Server = server;
        Host = host;
        Processor = processor;
        Reachability = reachability;
    }

    public FakeBotApiServer Server { get; }
    public IHost Host { get; }
    public StubChatProcessor Processor { get; }
    public RecordingReachability Reachability { get; }

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>Settings of a host that talks to <paramref name="server"/>.</summary>
    public static Dictionary<string, string?> SettingsFor(FakeBotApiServer server) => new()
    {
        ["Telegram:BotToken"] = server.Token,
        ["Telegram:ApiBaseUrl"] = server.BaseUrl.ToString(),
        ["Telegram:PollingTimeoutSeconds"] = "10",
    };

    /// <summary>Builds a host (not started) on the given settings; for option validation specs.</summary>
    public static IHost Build(IDictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> configure)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true }));
        configure(builder.Services, builder.Configuration);
        return builder.Build();
    }

    /// <summary>Starts a fake and a polling host (or, with <paramref name="poll"/> false, the channel services only).</summary>
    public static async Task<TelegramTestHost> StartAsync(bool poll = true, IDictionary<string, string?>? settings = null,
        Action<StubChatProcessor>? arrange = null)
    {
        var server = await FakeBotApiServer.StartAsync();
        var processor = new StubChatProcessor();
        arrange?.Invoke(processor);
        var reachability = new RecordingReachability();
        var all = SettingsFor(server);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;

        var host = Build(all, (services, configuration) =>
        {
            services.AddTelegramChannel(configuration);
            if (poll)
                services.AddTelegramPolling();
            services.AddSingleton<IChatInputProcessor>(processor);
            services.AddSingleton<IChatReachability>(reachability);
        });
        await host.StartAsync();
        return new TelegramTestHost(server, host, processor, reachability);
    }

    public static string Id(long chatId) => chatId.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync();
        }
        finally
        {
            if (Host is IAsyncDisposable disposable)
                await disposable.DisposeAsync();
            else
                Host.Dispose();
            await Server.DisposeAsync();
        }
    }
}
