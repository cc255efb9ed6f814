using SoraGateway.Payments.VietQr;

namespace SoraGateway.Tests.Payments.VietQr;

public sealed class VietnameseBanksSpecs
{
    [Theory]
    [InlineData("970436", "Vietcombank")]
    [InlineData("970415", "VietinBank")]
    [InlineData("970405", "Agribank")]
    [InlineData("970452", "KienlongBank")]
    public void A_bank_is_found_by_its_BIN(string bin, string name) =>
        Assert.Equal(name, VietnameseBanks.Find(bin)?.Name);

    [Theory]
    [InlineData("VCB", "970436")]
    [InlineData("vcb", "970436")]
    [InlineData("Icb", "970415")]
    [InlineData("shbvn", "970424")]
    [InlineData("SHB", "970443")]
    [InlineData(" TCB ", "970407")]
    public void A_bank_is_found_by_its_short_name_in_any_case(string shortName, string bin) =>
        Assert.Equal(bin, VietnameseBanks.Find(shortName)?.Bin);

    [Theory]
    [InlineData("Vietcombank", "VCB")]
    [InlineData("VIETINBANK", "ICB")]
    [InlineData("nam a bank", "NAB")]
    [InlineData("Shinhan", "SHBVN")]
    public void A_bank_is_found_by_its_name_in_any_case(string name, string shortName) =>
        Assert.Equal(shortName, VietnameseBanks.Find(name)?.ShortName);

    [Theory]
    [InlineData("999999")]
    [InlineData("97043")]
    [InlineData("XYZ")]
    [InlineData("Vietcom")]
    [InlineData("")]
    [InlineData("   ")]
    public void An_unknown_bank_is_not_found(string key) =>
        Assert.Null(VietnameseBanks.Find(key));

    [Fact]
    public void The_table_has_every_bank_of_the_spec_once_with_a_six_digit_BIN()
    {
        string[] specBins =
        [
            "970436", "970415", "970418", "970405", "970407", "970422", "970416", "970432", "970423", "970403", "970437", "970441",
            "970443", "970426", "970448", "970431", "970440", "970449", "970454", "970428", "970425", "970412", "970424", "970452",
        ];

        Assert.Equal(specBins.Order(), VietnameseBanks.All.Select(b => b.Bin).Order());
        Assert.All(VietnameseBanks.All, b => Assert.Matches("^[0-9]{6}$", b.Bin));
        Assert.Equal(VietnameseBanks.All.Count, VietnameseBanks.All.Select(b => b.ShortName.ToUpperInvariant()).Distinct().Count());
        Assert.Equal(VietnameseBanks.All.Count, VietnameseBanks.All.Select(b => b.Name.ToUpperInvariant()).Distinct().Count());
    }
}
