using System.Text.Json;
using SoraGateway.AdminCli;
using SoraGateway.Tests.Payments.VietQr;

namespace SoraGateway.Tests.AdminCli;

/// <summary><c>sora-admin payments qr</c> run in-process; it needs no database.</summary>
public sealed class PaymentQrCommandSpecs : IDisposable
{
    private const string ThirdSpecVector =
        "00020101021238540010A00000072701240006970436011012345678900208QRIBFTTA53037045405500005802VN62130809NAP8K3QZ763047C9B";

    private readonly string _folder = Directory.CreateTempSubdirectory("vietqr-specs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Code, string Out, string Err)> QrAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync(["payments", "qr", .. args], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task It_prints_the_payload_on_one_line_and_the_bank_it_resolved()
    {
        var (code, output, error) = await QrAsync("--bank", "vcb", "--account", "1234567890", "--amount", "50000", "--memo", "NAP8K3QZ7");

        Assert.Equal(0, code);
        Assert.Empty(error);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ThirdSpecVector, lines[0]);
        Assert.Contains("Vietcombank (VCB, BIN 970436)", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_writes_a_png_that_decodes_to_the_payload_and_reports_it_as_json()
    {
        var file = Path.Combine(_folder, "order.png");

        var (code, output, _) = await QrAsync("--bank", "970436", "--account", "1234567890", "--amount", "50000",
            "--memo", "NAP8K3QZ7", "--png", file, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(ThirdSpecVector, json.RootElement.GetProperty("payload").GetString());
        Assert.Equal("VCB", json.RootElement.GetProperty("bank").GetProperty("short_name").GetString());
        Assert.Equal("970436", json.RootElement.GetProperty("bank").GetProperty("bin").GetString());
        Assert.Equal("Vietcombank", json.RootElement.GetProperty("bank").GetProperty("name").GetString());
        Assert.Equal(file, json.RootElement.GetProperty("png").GetString());
        Assert.Equal(ThirdSpecVector, VietQrImageSpecs.Decode(await File.ReadAllBytesAsync(file))?.Text);
    }

    [Fact]
    public async Task Without_png_the_json_says_null_and_a_bank_name_and_merchant_name_are_accepted()
    {
        var (code, output, _) = await QrAsync("--bank", "Nam A Bank", "--account", "0099999999", "--name", "SORA", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("png").ValueKind);
        var payload = json.RootElement.GetProperty("payload").GetString()!;
        Assert.Contains("0006970428", payload, StringComparison.Ordinal);
        Assert.Contains("010211", payload, StringComparison.Ordinal);
        Assert.Contains("5904SORA", payload, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Unknown bank 'XYZ'", "--bank", "XYZ", "--account", "1234567890")]
    [InlineData("Account number", "--bank", "VCB", "--account", "1234-5678")]
    [InlineData("Account number", "--bank", "VCB", "--account", "12345678901234567890")]
    [InlineData("--amount must be a whole number of VND without separators, got 'ten'", "--bank", "VCB", "--account", "1234567890", "--amount", "ten")]
    [InlineData("--amount must be a whole number of VND without separators, got '50.000'", "--bank", "VCB", "--account", "1234567890", "--amount", "50.000")]
    [InlineData("Amount must be a whole number of VND from 1", "--bank", "VCB", "--account", "1234567890", "--amount", "0")]
    [InlineData("Memo must be", "--bank", "VCB", "--account", "1234567890", "--memo", "Nạp tiền")]
    public async Task Bad_input_fails_with_a_clear_error_and_writes_no_png(string message, params string[] args)
    {
        var file = Path.Combine(_folder, "bad.png");

        var (code, _, error) = await QrAsync([.. args, "--png", file]);

        Assert.Equal(1, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Bank_and_account_are_required()
    {
        var (code, _, error) = await QrAsync("--amount", "50000");

        Assert.NotEqual(0, code);
        Assert.Contains("--bank", error, StringComparison.Ordinal);
        Assert.Contains("--account", error, StringComparison.Ordinal);
    }
}
