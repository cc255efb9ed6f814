using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SoraGateway.Payments.Casso;

/// <summary>Outcome of checking a Casso webhook's authenticity.</summary>
public enum CassoSignatureCheck
{
    /// <summary>Signed with our key within the replay window.</summary>
    Valid,

    /// <summary>No signature header (or token) at all.</summary>
    Missing,

    /// <summary>A header that is not <c>t=&lt;unix ms&gt;,v1=&lt;128 lowercase hex&gt;</c>.</summary>
    Malformed,

    /// <summary>Well-formed, but not signed with our key over this body and timestamp.</summary>
    Mismatch,

    /// <summary>The timestamp is further from now than the replay window allows.</summary>
    Expired,

    /// <summary>The body is not JSON (or repeats a key), so there is nothing to canonicalize.</summary>
    InvalidBody,
}

/// <summary>Casso webhook authentication: V2 HMAC signatures and the legacy V1 secure token.</summary>
public static partial class CassoSignature
{
    /// <summary>The header that carries the V2 signature.</summary>
    public const string V2HeaderName = "X-Casso-Signature";

    /// <summary>The header that carries the V1 token.</summary>
    public const string V1HeaderName = "secure-token";

    private const int Sha512HexLength = 128;

    /// <summary>
    /// Checks a V2 delivery. In order: header missing → <see cref="CassoSignatureCheck.Missing"/>;
    /// header unreadable → <see cref="CassoSignatureCheck.Malformed"/>; body not JSON →
    /// <see cref="CassoSignatureCheck.InvalidBody"/>; <c>|now − t| &gt; replayWindow</c> →
    /// <see cref="CassoSignatureCheck.Expired"/>; HMAC differs from both canonical forms →
    /// <see cref="CassoSignatureCheck.Mismatch"/>.
    /// </summary>
    /// <param name="rawBody">The request body exactly as received.</param>
    /// <param name="signatureHeader">The <c>X-Casso-Signature</c> value, or null when absent.</param>
    /// <param name="webhookKey">The webhook's security key from Casso's dashboard.</param>
    /// <param name="now">The current time.</param>
    /// <param name="replayWindow">How far <c>t</c> may be from <paramref name="now"/>, either way. Keep it
    /// generous (24 h): whether Casso re-signs retries is undocumented, and idempotency on the
    /// transaction id is the real protection against replays.</param>
    public static CassoSignatureCheck VerifyV2(
        ReadOnlySpan<byte> rawBody, string? signatureHeader, string webhookKey, DateTimeOffset now, TimeSpan replayWindow)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(replayWindow, TimeSpan.Zero);

        if (string.IsNullOrWhiteSpace(signatureHeader))
            return CassoSignatureCheck.Missing;
        if (!TryParseHeader(signatureHeader, out var timestampText, out var timestamp, out var expected))
            return CassoSignatureCheck.Malformed;
        if (!CassoCanonicalJson.TryCanonicalize(rawBody, out var rawUtf8, out var asciiEscaped))
            return CassoSignatureCheck.InvalidBody;

        // Int128 so that an absurd t (up to long.MaxValue) cannot overflow the subtraction.
        var skewTicks = Int128.Abs(((Int128)now.ToUnixTimeMilliseconds() - timestamp) * TimeSpan.TicksPerMillisecond);
        if (skewTicks > replayWindow.Ticks)
            return CassoSignatureCheck.Expired;

        var key = Encoding.UTF8.GetBytes(webhookKey);
        var matches = Matches(key, timestampText, rawUtf8, expected)
            || (!ReferenceEquals(rawUtf8, asciiEscaped) && Matches(key, timestampText, asciiEscaped, expected));
        return matches ? CassoSignatureCheck.Valid : CassoSignatureCheck.Mismatch;
    }

    /// <summary>
    /// Signs a body the way Casso does and returns the whole <c>X-Casso-Signature</c> value
    /// (<c>t=…,v1=…</c>). For tests, the local bank simulator and the benchmark.
    /// </summary>
    /// <param name="rawBody">The body that will be sent.</param>
    /// <param name="webhookKey">The webhook's security key.</param>
    /// <param name="unixMs">The signing time in Unix milliseconds.</param>
    /// <param name="escapeNonAscii">Sign the <c>\uXXXX</c> form instead of the raw UTF-8 form.</param>
    /// <exception cref="System.Text.Json.JsonException">The body is not JSON or repeats a key.</exception>
    public static string SignV2(ReadOnlySpan<byte> rawBody, string webhookKey, long unixMs, bool escapeNonAscii = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookKey);
        ArgumentOutOfRangeException.ThrowIfNegative(unixMs);

        var timestampText = unixMs.ToString(CultureInfo.InvariantCulture);
        var canonical = CassoCanonicalJson.Canonicalize(rawBody, escapeNonAscii);
        var mac = Compute(Encoding.UTF8.GetBytes(webhookKey), timestampText, canonical);
        return $"t={timestampText},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>
    /// Checks a legacy V1 <c>secure-token</c> header against the configured token, in constant
    /// time for tokens of the configured length.
    /// </summary>
    public static bool VerifyV1(string? secureTokenHeader, string configuredToken)
    {
        // An empty configured token would let an empty header through: a configuration error.
        ArgumentException.ThrowIfNullOrEmpty(configuredToken);
        if (secureTokenHeader is null)
            return false;
        return CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(secureTokenHeader), Encoding.UTF8.GetBytes(configuredToken));
    }

    private static bool TryParseHeader(string header, out string timestampText, out long timestamp, out byte[] signature)
    {
        timestampText = "";
        timestamp = 0;
        signature = [];

        var match = HeaderPattern().Match(header);
        if (!match.Success || match.Groups[2].Length != Sha512HexLength)
            return false;
        if (!long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp))
            return false;

        // Casso signs "t.body" with t as it wrote it in the header, so keep the digits verbatim.
        timestampText = match.Groups[1].Value;
        signature = Convert.FromHexString(match.Groups[2].ValueSpan);
        return true;
    }

    private static bool Matches(byte[] key, string timestampText, byte[] canonical, byte[] expected) =>
        CryptographicOperations.FixedTimeEquals(Compute(key, timestampText, canonical), expected);

    private static byte[] Compute(byte[] key, string timestampText, byte[] canonical)
    {
        var message = new byte[timestampText.Length + 1 + canonical.Length];
        Encoding.ASCII.GetBytes(timestampText, message);
        message[timestampText.Length] = (byte)'.';
        canonical.CopyTo(message, timestampText.Length + 1);
        return HMACSHA512.HashData(key, message);
    }

    // Casso's documented pattern t=(\d+),v1=([a-f0-9]+), anchored, ASCII digits only, spaces tolerated
    // around the parts.
    [GeneratedRegex(@"^\s*t=([0-9]+)\s*,\s*v1=([a-f0-9]+)\s*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HeaderPattern();
}
