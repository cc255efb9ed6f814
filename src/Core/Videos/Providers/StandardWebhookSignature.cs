using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SoraGateway.Videos.Providers;

/// <summary>
/// Standard Webhooks signatures (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>).
/// Written here rather than taken from the StandardWebhooks package because that package checks the
/// timestamp against the wall clock, and callers must be able to pass "now" (tests, replays).
/// </summary>
public static class StandardWebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How far a delivery's timestamp may be from now, either way.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(300);

    private const string SecretPrefix = "whsec_";

    /// <summary>
    /// The HMAC key of a secret: the base64 after <c>whsec_</c>, else the secret's UTF-8 bytes.
    /// Null when a <c>whsec_</c> secret is not valid base64.
    /// </summary>
    public static byte[]? KeyFromSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
            return Encoding.UTF8.GetBytes(secret);
        try
        {
            return Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The <c>v1,&lt;base64&gt;</c> signature of one delivery.</summary>
    public static string Sign(byte[] key, string webhookId, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Hash(key, webhookId, timestamp.ToString(CultureInfo.InvariantCulture), body));

    /// <summary>
    /// True when the headers carry an id, a timestamp within <see cref="Tolerance"/> of
    /// <paramref name="now"/>, and at least one <c>v1</c> signature that matches. Header names are
    /// matched case-insensitively. Never throws for bad input.
    /// </summary>
    public static bool Verify(byte[] key, IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var id = Header(headers, IdHeader);
        var timestampText = Header(headers, TimestampHeader);
        var signatures = Header(headers, SignatureHeader);
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures)
            || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > (long)Tolerance.TotalSeconds)
            return false;

        var expected = Hash(key, id, timestampText!, body);
        Span<byte> candidate = stackalloc byte[64];
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith("v1,", StringComparison.Ordinal))
                continue;
            if (Convert.TryFromBase64String(entry[3..], candidate, out var length)
                && CryptographicOperations.FixedTimeEquals(candidate[..length], expected))
                return true;
        }

        return false;
    }

    /// <summary>A header's value whatever the case of its name; null when absent.</summary>
    public static string? Header(IReadOnlyDictionary<string, string> headers, string name)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.TryGetValue(name, out var value))
            return value;
        foreach (var (key, v) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return v;
        }

        return null;
    }

    private static byte[] Hash(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"{id}.{timestamp}."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
