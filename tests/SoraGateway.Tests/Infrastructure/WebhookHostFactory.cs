using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SoraGateway.Tests.Infrastructure;

/// <summary>The real WebhookHost, in memory, on a test database, with optional extra settings and clock.</summary>
public sealed class WebhookHostFactory(TestDatabase database, IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    : WebApplicationFactory<SoraGateway.WebhookHost.WebhookHostEntryPoint>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var all = database.Settings;
            foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
                all[k] = v;
            configuration.AddInMemoryCollection(all);
        });
        builder.ConfigureTestServices(services =>
        {
            if (time is not null)
                services.AddSingleton(time);
        });
    }
}
