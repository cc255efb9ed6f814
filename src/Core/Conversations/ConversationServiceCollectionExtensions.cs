using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Persistence;
using SoraGateway.Storage;
using SoraGateway.Videos.Jobs;
using SoraGateway.Webhooks;

namespace SoraGateway.Conversations;

/// <summary>Registers the conversation engine and what it needs.</summary>
public static class ConversationServiceCollectionExtensions
{
    public static IServiceCollection AddConversations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>().Bind(configuration.GetSection(ConversationOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<VideoJobOptions>().Bind(configuration.GetSection(VideoJobOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MediaStore>();
        services.AddScoped<ConversationEngine>();
        services.AddScoped<IChatInputProcessor>(sp => sp.GetRequiredService<ConversationEngine>());
        services.AddSingleton<IChatReachability, ChatReachability>();
        services.AddScoped<WebhookDeduplicator>();
        return services;
    }

    /// <summary>Marks blocked chats in their own short unit of work (senders are singletons).</summary>
    private sealed class ChatReachability(IServiceScopeFactory scopes) : IChatReachability
    {
        public async Task MarkUnreachableAsync(string channel, string chatId, CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<GatewayDbContext>().Conversations
                .Where(c => c.Channel == channel && c.ChatId == chatId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Unreachable, true), ct);
        }
    }
}
