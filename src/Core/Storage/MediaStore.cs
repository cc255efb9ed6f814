using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace SoraGateway.Storage;

/// <summary><c>Storage</c> section: where photos and finished videos are kept.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Root folder of the media store (<c>data/videos</c>).</summary>
    [Required]
    public string VideoPath { get; set; } = "data/videos";

    /// <summary>Largest photo accepted for image-to-video.</summary>
    [Range(1, 50 * 1024 * 1024)]
    public int MaxPhotoBytes { get; set; } = 10 * 1024 * 1024;
}

/// <summary>
/// Our own copy of every input photo and finished video, under <see cref="StorageOptions.VideoPath"/>.
/// Paths stored in the database are relative to that root, so the store can move.
/// </summary>
public sealed class MediaStore(IOptions<StorageOptions> options)
{
    private string Root => Path.GetFullPath(options.Value.VideoPath);

    /// <summary>
    /// Keeps a user's photo if it is a real image of an accepted size; returns its relative path,
    /// or null when the bytes are not a readable JPEG/PNG/WebP.
    /// </summary>
    public async Task<string?> SavePhotoAsync(byte[] bytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0 || bytes.Length > options.Value.MaxPhotoBytes)
            return null;
        using (var codec = SKCodec.Create(new MemoryStream(bytes)))
        {
            if (codec is null || codec.Info.Width < 16 || codec.Info.Height < 16
                || codec.EncodedFormat is not (SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Png or SKEncodedImageFormat.Webp))
                return null;
        }

        var relative = Path.Combine("inputs", $"{Guid.NewGuid():N}.img");
        var full = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, bytes, ct);
        return relative;
    }

    /// <summary>Where a job's MP4 is stored (relative path).</summary>
    public static string VideoPathFor(Guid jobId) => $"{jobId:N}.mp4";

    /// <summary>The absolute path of a stored file.</summary>
    public string FullPath(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("The path leaves the media store.", nameof(relativePath));
        return full;
    }

    public Task<byte[]> ReadAsync(string relativePath, CancellationToken ct) => File.ReadAllBytesAsync(FullPath(relativePath), ct);

    public bool Exists(string relativePath) => File.Exists(FullPath(relativePath));

    /// <summary>Removes a stored file; a missing file is not an error.</summary>
    public void Delete(string relativePath)
    {
        var full = FullPath(relativePath);
        if (File.Exists(full))
            File.Delete(full);
    }
}
