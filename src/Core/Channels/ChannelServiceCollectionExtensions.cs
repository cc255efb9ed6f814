using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SoraGateway.Channels;

/// <summary>What every chat channel shares.</summary>
public static class ChannelServiceCollectionExtensions
{
    /// <summary>The <see cref="ChatDispatcher"/> singleton (once, whichever channel asks first).</summary>
    public static IServiceCollection AddChatDispatcher(this IServiceCollection services)
    {
        services.AddOptions<ChatDispatcherOptions>()
            .Validate(o => o.MaxConcurrency > 0, "The chat dispatcher's MaxConcurrency must be positive.")
            .Validate(o => o.StopTimeout >= TimeSpan.Zero, "The chat dispatcher's StopTimeout must not be negative.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChatDispatcher>();
        return services;
    }
}
