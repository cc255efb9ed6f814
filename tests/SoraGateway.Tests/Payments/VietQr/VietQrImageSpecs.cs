using SkiaSharp;
using SoraGateway.Payments.VietQr;
using ZXing;

namespace SoraGateway.Tests.Payments.VietQr;

/// <summary>The PNG is read back by a real QR decoder (ZXing), as a phone camera would.</summary>
public sealed class VietQrImageSpecs
{
    private static readonly string OrderPayload = VietQrPayload.Build(new VietQrRequest("970436", "1234567890", 50000, "SGABCDEFGH2"));

    [Theory]
    [InlineData("970436", "1234567890", 50000L, "SGABCDEFGH2")]
    [InlineData("970423", "0099999999", null, null)]
    [InlineData("970416", "257678859", 10000L, "Chuyen tien")]
    public void The_png_decodes_to_exactly_the_payload(string bin, string account, long? amount, string? memo)
    {
        var payload = VietQrPayload.Build(new VietQrRequest(bin, account, amount, memo));

        var result = Decode(VietQrImage.RenderPng(payload));

        Assert.NotNull(result);
        Assert.Equal(payload, result.Text);
        Assert.Equal("M", result.ResultMetadata[ResultMetadataType.ERROR_CORRECTION_LEVEL]);
        // ]Q1: plain QR without an ECI header, which older banking apps may not understand.
        Assert.Equal("]Q1", result.ResultMetadata[ResultMetadataType.SYMBOLOGY_IDENTIFIER]);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(8)]
    public void The_code_has_a_white_quiet_zone_of_four_modules(int pixelsPerModule)
    {
        using var bitmap = SKBitmap.Decode(VietQrImage.RenderPng(OrderPayload, pixelsPerModule));
        var border = 4 * pixelsPerModule;

        Assert.Equal(bitmap.Width, bitmap.Height);
        Assert.Equal(0, bitmap.Width % pixelsPerModule);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var inBorder = x < border || y < border || x >= bitmap.Width - border || y >= bitmap.Height - border;
                if (inBorder)
                    Assert.Equal(SKColors.White, bitmap.GetPixel(x, y));
            }
        }
        // The top-left finder pattern starts right after the quiet zone: the zone is exactly four modules.
        Assert.Equal(SKColors.Black, bitmap.GetPixel(border, border));
        Assert.Equal(SKColors.Black, bitmap.GetPixel(bitmap.Width - border - 1, border));
    }

    [Fact]
    public void Pixels_per_module_scales_the_image()
    {
        using var small = SKBitmap.Decode(VietQrImage.RenderPng(OrderPayload, 8));
        using var large = SKBitmap.Decode(VietQrImage.RenderPng(OrderPayload, 12));

        Assert.Equal(small.Width / 8, large.Width / 12);
        Assert.True(small.Width / 8 >= 21 + 8);
    }

    [Fact]
    public void Pixels_per_module_below_one_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VietQrImage.RenderPng(OrderPayload, 0));

    /// <summary>Decodes a PNG with SkiaSharp and feeds its grey levels to ZXing (no ZXing-Skia binding is available).</summary>
    internal static Result? Decode(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        var gray = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                gray[(y * bitmap.Width) + x] = (byte)((c.Red + c.Green + c.Blue) / 3);
            }
        }

        var reader = new BarcodeReaderGeneric { Options = { PossibleFormats = [BarcodeFormat.QR_CODE] } };
        return reader.Decode(new RGBLuminanceSource(gray, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8));
    }
}
