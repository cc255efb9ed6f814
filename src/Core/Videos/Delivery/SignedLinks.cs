using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SoraGateway.Videos.Delivery;

/// <summary><c>Links</c> section: signed, expiring download links served by WebhookHost (<c>GET /v/{id}</c>).</summary>
public sealed class LinkOptions
{
    public const string Section = "Links";

    /// <summary>Where WebhookHost is reachable from users' phones, e.g. <c>https://sora.example.vn</c>.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>HMAC key of the links (secret; at least 32 characters).</summary>
    public string SigningKey { get; set; } = "";

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(48);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(PublicBaseUrl) && SigningKey.Length >= 32;

    public override string ToString() => $"LinkOptions(PublicBaseUrl={PublicBaseUrl}, SigningKey={(SigningKey.Length > 0 ? "(set)" : "(not set)")})";
}

/// <summary>Makes and checks <c>/v/{id}?exp=…&amp;sig=…</c> links: HMAC-SHA256 over id and expiry.</summary>
public sealed class SignedLinks(IOptions<LinkOptions> options, TimeProvider time)
{
    public bool IsConfigured => options.Value.IsConfigured;

    /// <summary>A link to the job's video that works until the configured lifetime ends; null when links are not configured.</summary>
    public string? For(Guid jobId)
    {
        if (!IsConfigured)
            return null;
        var expires = time.GetUtcNow().Add(options.Value.Lifetime).ToUnixTimeSeconds();
        return $"{options.Value.PublicBaseUrl.TrimEnd('/')}/v/{jobId:N}?exp={expires}&sig={Sign(jobId, expires)}";
    }

    /// <summary>True when the signature is ours and the link has not expired.</summary>
    public bool IsValid(Guid jobId, long expires, string? signature)
    {
        if (!IsConfigured || string.IsNullOrEmpty(signature) || expires < time.GetUtcNow().ToUnixTimeSeconds())
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(jobId, expires)), Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(Guid jobId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.SigningKey),
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{jobId:N}.{expires}"))));
}
