using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SoraGateway.Outbox;

/// <summary>Registers the outbox writer, renderer and dispatcher (the schedule is the Bot host's).</summary>
public static class OutboxServiceCollectionExtensions
{
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Outbox>();
        services.AddScoped<OutboxRenderer>();
        services.AddSingleton<OutboxDispatcher>();
        return services;
    }
}
