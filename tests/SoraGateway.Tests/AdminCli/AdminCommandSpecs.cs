using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.AdminCli;
using SoraGateway.Ledger;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Users;

namespace SoraGateway.Tests.AdminCli;

public sealed class AdminCommandSpecs_Sqlite() : AdminCommandSpecs(DatabaseProvider.Sqlite);

public sealed class AdminCommandSpecs_Postgres() : AdminCommandSpecs(DatabaseProvider.Postgres);

/// <summary>sora-admin, run in-process against the test database.</summary>
public abstract class AdminCommandSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private async Task<(int Code, string Out, string Err)> AdminAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync(args, output, error, Database.Settings);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Db_migrate_on_an_up_to_date_database_applies_nothing()
    {
        var (code, output, _) = await AdminAsync("db", "migrate");

        Assert.Equal(0, code);
        Assert.Contains("Applied 0 migration(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Packages_set_creates_a_package_that_list_shows_as_json()
    {
        var set = await AdminAsync("packages", "set", "MEGA", "--name-vi", "Gói Siêu", "--name-en", "Mega", "--credits", "2000", "--price", "1200000", "--order", "9");
        var (code, output, _) = await AdminAsync("packages", "list", "--json");

        Assert.Equal(0, set.Code);
        Assert.Equal(0, code);
        var rows = JsonSerializer.Deserialize<List<Dictionary<string, JsonElement>>>(output)!;
        var mega = Assert.Single(rows, r => r["code"].GetString() == "MEGA");
        Assert.Equal("Gói Siêu", mega["name_vi"].GetString());
        Assert.Equal(2000, mega["credits"].GetInt64());
    }

    [Fact]
    public async Task Packages_set_with_a_bad_code_or_a_non_numeric_price_fails_and_changes_nothing()
    {
        var badCode = await AdminAsync("packages", "set", "bad code!", "--name-vi", "x", "--name-en", "x", "--credits", "1", "--price", "10000");
        var badPrice = await AdminAsync("packages", "set", "OK", "--name-vi", "x", "--name-en", "x", "--credits", "1", "--price", "ten");
        var packages = await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().CreditPackages.CountAsync());

        Assert.NotEqual(0, badCode.Code);
        Assert.NotEqual(0, badPrice.Code);
        Assert.Contains("ten", badPrice.Err, StringComparison.Ordinal);
        Assert.Equal(SoraGateway.Payments.CreditPackageOptions.BuiltIn.Count, packages);
    }

    [Fact]
    public async Task Audit_exits_0_on_a_sound_ledger_and_1_listing_the_violation_on_a_corrupted_one()
    {
        var user = await InScopeAsync(async sp =>
        {
            var u = await sp.GetRequiredService<UserDirectory>().FindOrCreateAsync(ChannelNames.Telegram, "5", "x", null, CancellationToken.None);
            await sp.GetRequiredService<CreditLedger>().CreditAsync(new LedgerPosting(u.Id, 10, LedgerKind.Grant, "g:1", "test"), CancellationToken.None);
            return u.Id;
        });
        var clean = await AdminAsync("audit");
        await InScopeAsync(sp => sp.GetRequiredService<GatewayDbContext>().Database
            .ExecuteSqlAsync($"UPDATE credit_accounts SET balance = 3 WHERE user_id = {user}"));
        var broken = await AdminAsync("audit");

        Assert.Equal(0, clean.Code);
        Assert.Equal(1, broken.Code);
        Assert.Contains("balance_differs_from_entries", broken.Out, StringComparison.Ordinal);
        Assert.Contains($"user {user}", broken.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_provider_setting_stops_with_one_line_naming_the_key()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = Database.Settings;
        settings["Database:Provider"] = "Oracle";

        var code = await AdminApp.RunAsync(["audit"], output, error, settings);

        Assert.Equal(2, code);
        Assert.StartsWith("Configuration error: Database:Provider", error.ToString(), StringComparison.Ordinal);
        Assert.Single(error.ToString().Trim().Split('\n'));
    }
}
