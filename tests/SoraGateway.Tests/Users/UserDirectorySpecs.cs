using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Ledger;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;

namespace SoraGateway.Tests.Users;

public sealed class UserDirectorySpecs_Sqlite() : UserDirectorySpecs(DatabaseProvider.Sqlite);

public sealed class UserDirectorySpecs_Postgres() : UserDirectorySpecs(DatabaseProvider.Postgres);

public abstract class UserDirectorySpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private Task<User> FindOrCreateAsync(string channel, string id, string? language = "vi") =>
        InScopeAsync(sp => sp.GetRequiredService<UserDirectory>().FindOrCreateAsync(channel, id, "Lan", language, CancellationToken.None));

    [Fact]
    public async Task First_contact_creates_a_user_with_an_empty_wallet_and_later_contacts_find_it()
    {
        var created = await FindOrCreateAsync(ChannelNames.Telegram, "1001", "en-US");
        var found = await FindOrCreateAsync(ChannelNames.Telegram, "1001");

        Assert.Equal(created.Id, found.Id);
        Assert.Equal(Languages.English, found.Language);
        Assert.Equal(0, await InScopeAsync(sp => sp.GetRequiredService<CreditLedger>().GetBalanceAsync(created.Id, CancellationToken.None)));
    }

    [Fact]
    public async Task The_same_external_id_on_another_channel_is_another_person()
    {
        var telegram = await FindOrCreateAsync(ChannelNames.Telegram, "42");
        var zalo = await FindOrCreateAsync(ChannelNames.Zalo, "42");

        Assert.NotEqual(telegram.Id, zalo.Id);
        Assert.Equal(Languages.Vietnamese, zalo.Language);
    }

    [Fact]
    public async Task Twenty_racing_first_messages_create_one_user_and_one_wallet()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => FindOrCreateAsync(ChannelNames.Zalo, "8400000000000000001"))));

        Assert.Single(users.Select(u => u.Id).Distinct());
        Assert.Equal(1, await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().CreditAccounts.CountAsync()));
    }

    [Fact]
    public async Task An_unknown_channel_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => FindOrCreateAsync("messenger", "1"));
    }
}
