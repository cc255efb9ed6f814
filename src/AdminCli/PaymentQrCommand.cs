using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using SoraGateway.Payments.VietQr;

namespace SoraGateway.AdminCli;

/// <summary>
/// <c>qr</c> (attached under <c>payments</c>): builds the VietQR payload for a transfer, optionally as a PNG,
/// so an operator can check what a customer's banking app will be asked to pay. Needs no database.
/// </summary>
internal static class PaymentQrCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create(AdminContext context)
    {
        var bank = new Option<string>("--bank") { Description = "Receiving bank: BIN (970436), short name (VCB) or name (Vietcombank).", Required = true };
        var account = new Option<string>("--account") { Description = "Receiving account number.", Required = true };
        var amount = new Option<long?>("--amount")
        {
            Description = "Amount in VND (whole number); without it the QR is static and reusable.",
            CustomParser = ParseAmount,
        };
        var memo = new Option<string?>("--memo") { Description = "Transfer memo, e.g. the order code." };
        var name = new Option<string?>("--name") { Description = "Merchant name shown by some banking apps (ASCII, at most 25 characters)." };
        var png = new Option<string?>("--png") { Description = "Also write the QR code as a PNG to this file." };

        var command = new Command("qr", "Build the VietQR payload (and optionally PNG) for a bank transfer.") { bank, account, amount, memo, name, png };
        command.SetAction(async (parse, ct) =>
        {
            var bankText = parse.GetRequiredValue(bank);
            var found = VietnameseBanks.Find(bankText);
            if (found is null)
            {
                await context.Error.WriteLineAsync(
                    $"Unknown bank '{bankText}'. Use a BIN, short name or name: {string.Join(", ", VietnameseBanks.All.Select(b => b.ShortName))}.");
                return 1;
            }

            string payload;
            byte[]? image = null;
            try
            {
                payload = VietQrPayload.Build(new VietQrRequest(found.Bin, parse.GetRequiredValue(account), parse.GetValue(amount),
                    parse.GetValue(memo), parse.GetValue(name)));
                if (parse.GetValue(png) is not null)
                    image = VietQrImage.RenderPng(payload);
            }
            catch (ArgumentException ex)
            {
                await context.Error.WriteLineAsync(ex.Message);
                return 1;
            }

            string? pngPath = null;
            if (image is not null)
            {
                pngPath = Path.GetFullPath(parse.GetValue(png)!);
                try
                {
                    await File.WriteAllBytesAsync(pngPath, image, ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await context.Error.WriteLineAsync($"Cannot write {pngPath}: {ex.Message}");
                    return 1;
                }
            }

            if (parse.GetValue(context.JsonOption))
            {
                var json = new Dictionary<string, object?>
                {
                    ["payload"] = payload,
                    ["bank"] = new Dictionary<string, string> { ["bin"] = found.Bin, ["short_name"] = found.ShortName, ["name"] = found.Name },
                    ["png"] = pngPath,
                };
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(json, JsonOptions));
                return 0;
            }

            await context.Output.WriteLineAsync(payload);
            await context.Output.WriteLineAsync($"Bank: {found.Name} ({found.ShortName}, BIN {found.Bin})");
            if (pngPath is not null)
                await context.Output.WriteLineAsync($"PNG: {pngPath}");
            return 0;
        });
        return command;
    }

    private static long? ParseAmount(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var vnd))
            return vnd;
        result.AddError($"--amount must be a whole number of VND without separators, got '{text}'.");
        return null;
    }
}
