using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SoraGateway.Conversations;
using SoraGateway.Webhooks;
using Telegram.Bot;

namespace SoraGateway.Channels.Telegram;

/// <summary>Registers the Telegram channel: client, mapper, sender, handler, dispatcher, and how updates arrive.</summary>
public static class TelegramServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the Bot API client uses (no request logging: the token is in every URL).</summary>
    public const string HttpClientName = "Telegram";

    /// <summary>
    /// Options (<c>Telegram</c> section, validated at start), the <see cref="ITelegramBotClient"/>,
    /// <see cref="TelegramInputMapper"/>, <see cref="TelegramChatSender"/> (also as an
    /// <see cref="IChatSender"/>), <see cref="TelegramUpdateHandler"/>, <see cref="TelegramCommandMenu"/>,
    /// the <see cref="ChatDispatcher"/> (at most <c>Telegram:MaxParallelChats</c> chats at once) and
    /// <see cref="WebhookDeduplicator"/>. The engine (<see cref="IChatInputProcessor"/>) and
    /// <see cref="IChatReachability"/> are registered by the host.
    /// </summary>
    public static IServiceCollection AddTelegramChannel(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Once is enough: a second call would register a second IChatSender for the same channel.
        if (services.Any(d => d.ServiceType == typeof(TelegramChatSender)))
            return services;

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TelegramOptions>().Bind(configuration.GetSection(TelegramOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddChatDispatcher();
        services.AddOptions<ChatDispatcherOptions>()
            .Configure<IOptions<TelegramOptions>>((dispatcher, telegram) => dispatcher.MaxConcurrency = telegram.Value.MaxParallelChats);

        // One long-lived client: pooled connections are recycled instead of rotating handlers.
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.TryAddSingleton<ITelegramBotClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            if (!options.HasBotToken)
                throw new InvalidOperationException("Telegram:BotToken is not set.");
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            return new TelegramBotClient(new TelegramBotClientOptions(options.BotToken!, options.ApiBaseUrl), http);
        });

        services.TryAddSingleton<TelegramInputMapper>();
        services.AddSingleton<TelegramChatSender>();
        services.AddSingleton<IChatSender>(sp => sp.GetRequiredService<TelegramChatSender>());
        services.TryAddSingleton<TelegramUpdateHandler>();
        services.TryAddSingleton<TelegramCommandMenu>();
        services.TryAddScoped<WebhookDeduplicator>();
        return services;
    }

    /// <summary>Polling mode (the Bot host): <see cref="TelegramPollingService"/>; a bot token is required.</summary>
    public static IServiceCollection AddTelegramPolling(this IServiceCollection services)
    {
        services.AddOptions<TelegramOptions>()
            .Validate(o => o.HasBotToken, "Telegram:BotToken is required to poll Telegram for updates.");
        services.AddHostedService<TelegramPollingService>();
        return services;
    }

    /// <summary>
    /// Webhook mode (the WebhookHost): <see cref="TelegramWebhookRegistration"/>, which points Telegram at
    /// <c>{Links:PublicBaseUrl}/webhooks/telegram</c> with <c>Telegram:WebhookSecret</c> and registers the
    /// command menu. Inert unless <c>Telegram:Mode</c> is <c>Webhook</c> and a bot token is set; then
    /// <c>Links:PublicBaseUrl</c> must be an absolute http(s) URL.
    /// </summary>
    public static IServiceCollection AddTelegramWebhook(this IServiceCollection services)
    {
        services.AddOptions<TelegramWebhookLinkOptions>().BindConfiguration(TelegramWebhookLinkOptions.Section)
            .Validate<IOptions<TelegramOptions>>((links, telegram) => !telegram.Value.IsWebhookActive || IsHttpUrl(links.PublicBaseUrl),
                "Links:PublicBaseUrl must be an absolute http(s) URL when Telegram:Mode is Webhook.")
            .ValidateOnStart();
        services.TryAddSingleton<TelegramWebhookRegistration>();
        services.AddHostedService(sp => sp.GetRequiredService<TelegramWebhookRegistration>());
        return services;
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
