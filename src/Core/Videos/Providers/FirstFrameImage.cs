using SkiaSharp;

namespace SoraGateway.Videos.Providers;

/// <summary>
/// Prepares the user's photo for a provider: turned upright (EXIF orientation), scaled or
/// cropped, re-encoded as JPEG (which also drops the photo's metadata).
/// </summary>
public static class FirstFrameImage
{
    private const int JpegQuality = 90;

    /// <summary>The photo scaled down (never up) to fit ≤ 1920×1080 (or 1080×1920): Veo's "≤ 1080p".</summary>
    public static VideoImage FitWithin1080p(VideoImage image)
    {
        using var upright = DecodeUpright(image);
        var longSide = Math.Max(upright.Width, upright.Height);
        var shortSide = Math.Min(upright.Width, upright.Height);
        var scale = Math.Min(1.0, Math.Min(1920.0 / longSide, 1080.0 / shortSide));
        var width = Math.Max(1, (int)Math.Round(upright.Width * scale));
        var height = Math.Max(1, (int)Math.Round(upright.Height * scale));
        return Render(upright, new SKRect(0, 0, upright.Width, upright.Height), width, height);
    }

    /// <summary>The photo scaled and centre-cropped to exactly <paramref name="width"/>×<paramref name="height"/> (Sora's <c>input_reference</c> must match <c>size</c>).</summary>
    public static VideoImage CoverExactly(VideoImage image, int width, int height)
    {
        using var upright = DecodeUpright(image);
        var scale = Math.Max((double)width / upright.Width, (double)height / upright.Height);
        var cropWidth = (float)(width / scale);
        var cropHeight = (float)(height / scale);
        var left = (upright.Width - cropWidth) / 2;
        var top = (upright.Height - cropHeight) / 2;
        return Render(upright, new SKRect(left, top, left + cropWidth, top + cropHeight), width, height);
    }

    private static SKBitmap DecodeUpright(VideoImage image)
    {
        using var data = SKData.CreateCopy(image.Bytes);
        using var codec = SKCodec.Create(data);
        var raw = codec is null ? null : SKBitmap.Decode(codec);
        if (raw is null)
            throw new VideoProviderException(VideoFailureKind.Invalid, "The photo could not be read as an image.",
                providerMessage: "The photo could not be read as an image.");
        var origin = codec!.EncodedOrigin;
        if (origin is SKEncodedOrigin.TopLeft)
            return raw;

        using (raw)
        {
            var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
            float w = swap ? raw.Height : raw.Width, h = swap ? raw.Width : raw.Height;
            float rw = raw.Width, rh = raw.Height;
            // Maps stored pixels (x, y) to displayed pixels, per EXIF orientation 2–8.
            var matrix = origin switch
            {
                SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, rw, 0, 1, 0, 0, 0, 1),
                SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, rw, 0, -1, rh, 0, 0, 1),
                SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, rh, 0, 0, 1),
                SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
                SKEncodedOrigin.RightTop => new SKMatrix(0, -1, rh, 1, 0, 0, 0, 0, 1),
                SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, rh, -1, 0, rw, 0, 0, 1),
                SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, rw, 0, 0, 1),
                _ => SKMatrix.Identity,
            };
            var upright = new SKBitmap(new SKImageInfo((int)w, (int)h, SKColorType.Rgba8888, SKAlphaType.Premul));
            using var canvas = new SKCanvas(upright);
            canvas.SetMatrix(matrix);
            canvas.DrawBitmap(raw, 0, 0);
            return upright;
        }
    }

    private static VideoImage Render(SKBitmap source, SKRect sourceRect, int width, int height)
    {
        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(target))
        {
            // JPEG has no alpha: transparent areas of a PNG become white rather than black.
            canvas.Clear(SKColors.White);
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, sourceRect, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        using var frame = SKImage.FromBitmap(target);
        using var encoded = frame.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return new VideoImage(encoded.ToArray(), "image/jpeg");
    }
}
