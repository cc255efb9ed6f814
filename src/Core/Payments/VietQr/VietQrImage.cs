using QRCoder;

namespace SoraGateway.Payments.VietQr;

/// <summary>Renders a VietQR payload as a PNG that phone cameras and banking apps read.</summary>
public static class VietQrImage
{
    /// <summary>
    /// A black-on-white PNG of <paramref name="payload"/> at error-correction level M, with the standard
    /// quiet zone of 4 white modules around it (scanners need it to find the code on a dark chat background).
    /// </summary>
    public static byte[] RenderPng(string payload, int pixelsPerModule = 10)
    {
        ArgumentException.ThrowIfNullOrEmpty(payload);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);

        // The payload is plain ASCII, so QRCoder's default mode encodes it without an ECI header,
        // which some older banking apps fail to parse.
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule, drawQuietZones: true);
    }
}
