using SkiaSharp;
using SoraGateway.Videos.Providers;

namespace SoraGateway.Tests.Videos;

/// <summary>Preparing the user's photo: upright, scaled or cropped, JPEG.</summary>
public sealed class FirstFrameImageSpecs
{
    [Fact]
    public void A_large_photo_is_scaled_down_to_fit_1080p_and_becomes_a_jpeg()
    {
        var result = FirstFrameImage.FitWithin1080p(VideoTestServices.Photo(4000, 3000));

        Assert.Equal("image/jpeg", result.MimeType);
        Assert.Equal((1440, 1080, SKEncodedImageFormat.Jpeg), VideoTestServices.Inspect(result.Bytes));
    }

    [Fact]
    public void A_tall_photo_is_limited_by_its_long_side()
    {
        var result = FirstFrameImage.FitWithin1080p(VideoTestServices.Photo(1000, 4000));

        Assert.Equal((480, 1920, SKEncodedImageFormat.Jpeg), VideoTestServices.Inspect(result.Bytes));
    }

    [Fact]
    public void A_small_photo_keeps_its_size()
    {
        var result = FirstFrameImage.FitWithin1080p(VideoTestServices.Photo(640, 480));

        Assert.Equal((640, 480, SKEncodedImageFormat.Jpeg), VideoTestServices.Inspect(result.Bytes));
    }

    [Fact]
    public void Cover_gives_exactly_the_requested_size_cropping_the_centre()
    {
        // Left half red, right half blue; a portrait crop of a landscape photo keeps the middle, where they meet.
        var result = FirstFrameImage.CoverExactly(VideoTestServices.Photo(2000, 1000), 720, 1280);

        Assert.Equal((720, 1280, SKEncodedImageFormat.Jpeg), VideoTestServices.Inspect(result.Bytes));
        using var bitmap = SKBitmap.Decode(result.Bytes);
        Assert.True(bitmap.GetPixel(10, 640).Red > 200);
        Assert.True(bitmap.GetPixel(710, 640).Blue > 200);
    }

    [Fact]
    public void The_exif_orientation_is_applied()
    {
        // Stored 400×200 (left red, right blue) with orientation 6: shown turned 90° clockwise, 200×400, red on top.
        var jpeg = WithExifOrientation(VideoTestServices.Photo(400, 200, SKEncodedImageFormat.Jpeg).Bytes, 6);

        var result = FirstFrameImage.FitWithin1080p(new VideoImage(jpeg, "image/jpeg"));

        Assert.Equal((200, 400, SKEncodedImageFormat.Jpeg), VideoTestServices.Inspect(result.Bytes));
        using var bitmap = SKBitmap.Decode(result.Bytes);
        Assert.True(bitmap.GetPixel(100, 50).Red > 200);
        Assert.True(bitmap.GetPixel(100, 350).Blue > 200);
    }

    [Fact]
    public void Bytes_that_are_not_an_image_are_invalid()
    {
        var error = Assert.Throws<VideoProviderException>(() => FirstFrameImage.FitWithin1080p(new VideoImage("not an image"u8.ToArray(), "image/jpeg")));

        Assert.Equal(VideoFailureKind.Invalid, error.Kind);
    }

    /// <summary>Inserts an APP1 Exif segment holding only the orientation tag right after the JPEG's SOI marker.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, IFD at 8
            0x00, 0x01, // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00, // Orientation, SHORT, 1
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var length = payload.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
