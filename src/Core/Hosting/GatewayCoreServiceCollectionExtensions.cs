using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Conversations;
using SoraGateway.Outbox;
using SoraGateway.Payments;
using SoraGateway.Persistence;
using SoraGateway.Videos;
using SoraGateway.Videos.Jobs;

namespace SoraGateway.Hosting;

/// <summary>The Core services every host shares; hosts add only what they run themselves.</summary>
public static class GatewayCoreServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGatewayDatabase(configuration);
        services.AddOutbox(configuration);
        services.AddPayments(configuration);
        services.AddVideoProviders(configuration);
        services.AddVideoJobs(configuration);
        services.AddConversations(configuration);
        return services;
    }
}
