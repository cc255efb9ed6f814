namespace SoraGateway.Payments.VietQr;

/// <summary>A bank on the NAPAS network: its 6-digit BIN (what the QR carries), short code and display name.</summary>
public sealed record VietnameseBank(string Bin, string ShortName, string Name);

/// <summary>
/// The common Vietnamese banks, so that configuration can name the receiving bank by BIN, short code or
/// name, and the QR caption can show a name the payer recognises.
/// </summary>
public static class VietnameseBanks
{
    /// <summary>Every bank we know, in the order of the spec's table.</summary>
    public static IReadOnlyList<VietnameseBank> All { get; } =
    [
        new("970436", "VCB", "Vietcombank"),
        new("970415", "ICB", "VietinBank"),
        new("970418", "BIDV", "BIDV"),
        new("970405", "VBA", "Agribank"),
        new("970407", "TCB", "Techcombank"),
        new("970422", "MB", "MB"),
        new("970416", "ACB", "ACB"),
        new("970432", "VPB", "VPBank"),
        new("970423", "TPB", "TPBank"),
        new("970403", "STB", "Sacombank"),
        new("970437", "HDB", "HDBank"),
        new("970441", "VIB", "VIB"),
        new("970443", "SHB", "SHB"),
        new("970426", "MSB", "MSB"),
        new("970448", "OCB", "OCB"),
        new("970431", "EIB", "Eximbank"),
        new("970440", "SEAB", "SeABank"),
        new("970449", "LPB", "LPBank"),
        new("970454", "BVB", "BVBank"),
        new("970428", "NAB", "Nam A Bank"),
        new("970425", "ABB", "ABBank"),
        new("970412", "PVCB", "PVcomBank"),
        new("970424", "SHBVN", "Shinhan"),
        new("970452", "KLB", "KienlongBank"),
    ];

    /// <summary>
    /// The bank with this BIN (exact), short code or name (both case-insensitive), or null.
    /// </summary>
    public static VietnameseBank? Find(string binOrShortName)
    {
        if (string.IsNullOrWhiteSpace(binOrShortName))
            return null;
        var key = binOrShortName.Trim();
        return All.FirstOrDefault(b => b.Bin == key)
            ?? All.FirstOrDefault(b => string.Equals(b.ShortName, key, StringComparison.OrdinalIgnoreCase))
            ?? All.FirstOrDefault(b => string.Equals(b.Name, key, StringComparison.OrdinalIgnoreCase));
    }
}
