using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Payments;
using SoraGateway.Persistence;

namespace SoraGateway.Hosting;

/// <summary>The Core services every host shares; hosts add only what they run themselves.</summary>
public static class GatewayCoreServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGatewayDatabase(configuration);
        services.AddPayments(configuration);
        return services;
    }
}
