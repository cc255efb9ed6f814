using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Webhooks;

namespace SoraGateway.Tests.Webhooks;

public sealed class WebhookDeduplicatorSpecs_Sqlite() : WebhookDeduplicatorSpecs(DatabaseProvider.Sqlite);

public sealed class WebhookDeduplicatorSpecs_Postgres() : WebhookDeduplicatorSpecs(DatabaseProvider.Postgres);

public abstract class WebhookDeduplicatorSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero));

    protected override TimeProvider? Time => _clock;

    private Task<bool> FirstTimeAsync(string provider, string id) =>
        InScopeAsync(sp => sp.GetRequiredService<WebhookDeduplicator>().FirstTimeAsync(provider, id, CancellationToken.None));

    [Fact]
    public async Task An_id_is_new_once_per_provider_and_concurrent_repeats_see_it_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => FirstTimeAsync("telegram", "77"))));

        Assert.Single(results, r => r);
        Assert.True(await FirstTimeAsync("video:OpenAiVideos", "77"));
    }

    [Fact]
    public async Task Pruning_forgets_only_ids_older_than_the_window()
    {
        await FirstTimeAsync("telegram", "old");
        _clock.Advance(TimeSpan.FromDays(3));
        await FirstTimeAsync("telegram", "recent");

        var pruned = await InScopeAsync(sp => sp.GetRequiredService<WebhookDeduplicator>().PruneAsync(WebhookEventPruning.KeepFor, CancellationToken.None));

        Assert.Equal(1, pruned);
        Assert.True(await FirstTimeAsync("telegram", "old"));
        Assert.False(await FirstTimeAsync("telegram", "recent"));
    }
}
