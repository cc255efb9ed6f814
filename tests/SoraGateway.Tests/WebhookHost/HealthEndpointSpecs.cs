using System.Net;
using System.Net.Http.Json;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;

namespace SoraGateway.Tests.WebhookHost;

public sealed class HealthEndpointSpecs_Sqlite() : HealthEndpointSpecs(DatabaseProvider.Sqlite);

public sealed class HealthEndpointSpecs_Postgres() : HealthEndpointSpecs(DatabaseProvider.Postgres);

public abstract class HealthEndpointSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    [Fact]
    public async Task Healthz_answers_ok_and_names_the_configured_database()
    {
        await using var host = new WebhookHostFactory(Database);
        using var client = host.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.Equal(Provider.ToString(), body!["database"]);
    }

    [Fact]
    public async Task An_unknown_route_answers_with_problem_details()
    {
        await using var host = new WebhookHostFactory(Database);
        using var client = host.CreateClient();

        var response = await client.GetAsync(new Uri("/nope", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
