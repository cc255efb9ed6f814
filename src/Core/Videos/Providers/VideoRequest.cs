namespace SoraGateway.Videos.Providers;

/// <summary>Which way the video is framed: 16:9 or 9:16.</summary>
public enum VideoOrientation
{
    Landscape,
    Portrait,
}

/// <summary>The user's photo, used as the first frame of an image-to-video job.</summary>
/// <param name="Bytes">The encoded image as the user sent it (JPEG, PNG, WebP…); adapters re-encode it.</param>
/// <param name="MimeType">What the chat channel said the image is, e.g. <c>image/jpeg</c>.</param>
public sealed record VideoImage(byte[] Bytes, string MimeType);

/// <summary>One video to make, in the provider-neutral words of the offering catalog.</summary>
/// <param name="Model">The provider's model name, e.g. <c>veo-3.1-fast-generate-preview</c>.</param>
/// <param name="Prompt">What the user asked for.</param>
/// <param name="DurationSeconds">Length of the video.</param>
/// <param name="Resolution"><c>720p</c>, <c>1080p</c>, <c>4k</c> (Veo) or <c>1024p</c> (Sora format).</param>
/// <param name="Orientation">Landscape (16:9) or portrait (9:16).</param>
/// <param name="Image">First-frame photo for image-to-video; null for text-to-video.</param>
public sealed record VideoRequest(
    string Model,
    string Prompt,
    int DurationSeconds,
    string Resolution,
    VideoOrientation Orientation,
    VideoImage? Image);
