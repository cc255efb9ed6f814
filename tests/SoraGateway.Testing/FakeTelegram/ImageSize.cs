using System.Buffers.Binary;

namespace SoraGateway.Testing.FakeTelegram;

/// <summary>Reads width and height from a PNG or JPEG header, for the <c>PhotoSize</c> the fake reports.</summary>
internal static class ImageSize
{
    /// <summary>The dimensions, or (0, 0) when the bytes are neither a PNG nor a JPEG with a frame header.</summary>
    public static (int Width, int Height) Read(ReadOnlySpan<byte> image)
    {
        ReadOnlySpan<byte> png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (image.Length >= 24 && image.StartsWith(png))
            return (BinaryPrimitives.ReadInt32BigEndian(image[16..]), BinaryPrimitives.ReadInt32BigEndian(image[20..]));

        if (image.Length < 4 || image[0] != 0xFF || image[1] != 0xD8)
            return (0, 0);
        var i = 2;
        while (i + 9 < image.Length)
        {
            if (image[i] != 0xFF)
                return (0, 0);
            var marker = image[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(image[(i + 2)..]);
            var isFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isFrame)
                return (BinaryPrimitives.ReadUInt16BigEndian(image[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(image[(i + 5)..]));
            i += 2 + length;
        }
        return (0, 0);
    }
}
