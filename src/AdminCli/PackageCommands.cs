using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Payments;

namespace SoraGateway.AdminCli;

/// <summary><c>packages list|set|enable|disable</c>.</summary>
internal static class PackageCommands
{
    public static Command Create(AdminContext context)
    {
        var list = new Command("list", "Every package, active or not, in display order.");
        list.SetAction(async (parse, ct) =>
        {
            var packages = await context.WithServicesAsync(sp => sp.GetRequiredService<CreditPackageCatalog>().ListAllAsync(ct));
            var table = context.Table(parse, "code", "name_vi", "name_en", "credits", "price_vnd", "active", "order");
            foreach (var p in packages)
                table.Row(p.Code, p.NameVi, p.NameEn, p.Credits, p.PriceVnd, p.Active, p.DisplayOrder);
            await table.WriteAsync();
            return 0;
        });

        var code = new Argument<string>("code") { Description = "Package code, e.g. STARTER." };
        var nameVi = new Option<string>("--name-vi") { Description = "Vietnamese name.", Required = true };
        var nameEn = new Option<string>("--name-en") { Description = "English name.", Required = true };
        var credits = new Option<long>("--credits") { Description = "Credits granted.", Required = true };
        var price = new Option<long>("--price") { Description = "Price in VND.", Required = true };
        var order = new Option<int>("--order") { Description = "Display order in /buy.", DefaultValueFactory = _ => 100 };
        var set = new Command("set", "Create a package or replace the one with this code.") { code, nameVi, nameEn, credits, price, order };
        set.SetAction(async (parse, ct) =>
        {
            try
            {
                var saved = await context.WithServicesAsync(sp => sp.GetRequiredService<CreditPackageCatalog>().UpsertAsync(new CreditPackage
                {
                    Code = parse.GetRequiredValue(code),
                    NameVi = parse.GetRequiredValue(nameVi),
                    NameEn = parse.GetRequiredValue(nameEn),
                    Credits = parse.GetValue(credits),
                    PriceVnd = parse.GetValue(price),
                    DisplayOrder = parse.GetValue(order),
                }, ct));
                await context.Output.WriteLineAsync($"Saved {saved.Code}: {saved.Credits} credits for {saved.PriceVnd:N0} VND.");
                return 0;
            }
            catch (ArgumentException ex)
            {
                await context.Error.WriteLineAsync(ex.Message);
                return 1;
            }
        });

        return new Command("packages", "Credit packages on sale.") { list, set, Toggle(context, "enable", true), Toggle(context, "disable", false) };
    }

    private static Command Toggle(AdminContext context, string name, bool active)
    {
        var code = new Argument<string>("code") { Description = "Package code." };
        var command = new Command(name, active ? "Show the package in /buy." : "Hide the package from /buy (open orders stay payable).") { code };
        command.SetAction(async (parse, ct) =>
        {
            var found = await context.WithServicesAsync(sp => sp.GetRequiredService<CreditPackageCatalog>().SetActiveAsync(parse.GetRequiredValue(code), active, ct));
            await (found ? context.Output : context.Error).WriteLineAsync(found ? $"{name}d." : $"No package with code {parse.GetValue(code)}.");
            return found ? 0 : 1;
        });
        return command;
    }
}
