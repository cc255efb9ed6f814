using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace SoraGateway.Payments.VietQr;

/// <summary>What a VietQR code transfers money to.</summary>
public enum VietQrService
{
    /// <summary>To a bank account (<c>QRIBFTTA</c>).</summary>
    Account,

    /// <summary>To a card number (<c>QRIBFTTC</c>).</summary>
    Card,
}

/// <summary>
/// A transfer to pre-fill in the payer's banking app: bank, account, amount and memo.
/// Without an amount the code is static (reusable); with one it is dynamic (one payment).
/// </summary>
public sealed record VietQrRequest(
    string BankBin,
    string AccountNumber,
    long? AmountVnd,
    string? Memo,
    string? MerchantName = null,
    VietQrService Service = VietQrService.Account);

/// <summary>What <see cref="VietQrPayload.TryRead"/> found in a payload.</summary>
public sealed record VietQrReading(
    string BankBin,
    string AccountNumber,
    long? AmountVnd,
    string? Memo,
    string? MerchantName,
    bool CrcValid);

/// <summary>
/// Builds the NAPAS VietQR payload (EMVCo merchant-presented QR for an account transfer) that every
/// Vietnamese banking app scans; see <c>shared/specs/vietqr.md</c>.
/// </summary>
public static class VietQrPayload
{
    /// <summary>The highest amount the 13-digit amount field can carry.</summary>
    public const long MaxAmountVnd = 9_999_999_999_999;

    private const string NapasGuid = "A000000727";
    private const string CrcTag = "6304";

    /// <summary>
    /// The payload for <paramref name="request"/>: data objects in ascending ID order, CRC last.
    /// Invalid input throws <see cref="ArgumentException"/> naming the field; nothing is ever truncated,
    /// because a shortened account or memo would send money to the wrong place or lose the order.
    /// </summary>
    public static string Build(VietQrRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);

        var beneficiary = Tlv("00", request.BankBin) + Tlv("01", request.AccountNumber);
        var service = request.Service == VietQrService.Card ? "QRIBFTTC" : "QRIBFTTA";
        var merchantAccount = Tlv("00", NapasGuid) + Tlv("01", beneficiary) + Tlv("02", service);

        var payload = new StringBuilder()
            .Append(Tlv("00", "01"))
            .Append(Tlv("01", request.AmountVnd is null ? "11" : "12"))
            .Append(Tlv("38", merchantAccount))
            .Append(Tlv("53", "704"));
        if (request.AmountVnd is { } amount)
            payload.Append(Tlv("54", amount.ToString(CultureInfo.InvariantCulture)));
        payload.Append(Tlv("58", "VN"));
        if (request.MerchantName is not null)
            payload.Append(Tlv("59", request.MerchantName));
        if (request.Memo is not null)
            payload.Append(Tlv("62", Tlv("08", request.Memo)));

        // The CRC covers its own ID and length ("6304"), then is appended as 4 upper-case hex digits.
        payload.Append(CrcTag);
        var crc = Crc16CcittFalse(Encoding.UTF8.GetBytes(payload.ToString()));
        return payload.Append(crc.ToString("X4", CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary>CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR.</summary>
    public static ushort Crc16CcittFalse(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF;
        foreach (var b in data)
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
        }
        return (ushort)crc;
    }

    /// <summary>
    /// The top-level data objects of an EMVCo payload, by ID (nested templates stay encoded).
    /// Throws <see cref="FormatException"/> when the payload is not a well-formed ID-length-value sequence.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseTopLevel(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return TryParseTlv(payload, out var objects) ? objects : throw new FormatException("Not a well-formed EMVCo QR payload.");
    }

    /// <summary>
    /// Reads back bank, account, amount, memo and merchant name, and checks the CRC.
    /// False when the payload is malformed or is not a NAPAS transfer; a wrong CRC still reads, with <see cref="VietQrReading.CrcValid"/> false.
    /// </summary>
    public static bool TryRead(string payload, [NotNullWhen(true)] out VietQrReading? reading)
    {
        reading = null;
        if (payload is null
            || !TryParseTlv(payload, out var top)
            || !top.TryGetValue("38", out var merchantAccount)
            || !TryParseTlv(merchantAccount, out var napas)
            || napas.GetValueOrDefault("00") != NapasGuid
            || !napas.TryGetValue("01", out var beneficiaryText)
            || !TryParseTlv(beneficiaryText, out var beneficiary)
            || !beneficiary.TryGetValue("00", out var bin)
            || !beneficiary.TryGetValue("01", out var account))
            return false;

        long? amount = null;
        if (top.TryGetValue("54", out var amountText))
        {
            if (!long.TryParse(amountText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return false;
            amount = parsed;
        }

        string? memo = null;
        if (top.TryGetValue("62", out var additional))
        {
            if (!TryParseTlv(additional, out var additionalData))
                return false;
            memo = additionalData.GetValueOrDefault("08");
        }

        reading = new VietQrReading(bin, account, amount, memo, top.GetValueOrDefault("59"), HasValidCrc(payload));
        return true;
    }

    private static bool HasValidCrc(string payload)
    {
        if (payload.Length < 8 || payload[^8..^4] != CrcTag)
            return false;
        var expected = Crc16CcittFalse(Encoding.UTF8.GetBytes(payload[..^4])).ToString("X4", CultureInfo.InvariantCulture);
        return payload[^4..] == expected;
    }

    private static bool TryParseTlv(string text, [NotNullWhen(true)] out Dictionary<string, string>? objects)
    {
        objects = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < text.Length)
        {
            if (position + 4 > text.Length || text.AsSpan(position, 4).ContainsAnyExceptInRange('0', '9'))
                break;
            var id = text.Substring(position, 2);
            var length = int.Parse(text.AsSpan(position + 2, 2), NumberStyles.None, CultureInfo.InvariantCulture);
            if (position + 4 + length > text.Length || !objects.TryAdd(id, text.Substring(position + 4, length)))
                break;
            position += 4 + length;
        }

        if (position == text.Length && text.Length > 0)
            return true;
        objects = null;
        return false;
    }

    // ParamName is the request's property (BankBin, Memo...), because that is what the caller got wrong.
    [SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly", Justification = "Names the invalid field of the request.")]
    private static void Validate(VietQrRequest r)
    {
        if (r.BankBin is null || r.BankBin.Length != 6 || !r.BankBin.All(char.IsAsciiDigit))
            throw new ArgumentException($"Bank BIN must be exactly 6 digits, got '{r.BankBin}'.", nameof(VietQrRequest.BankBin));

        if (string.IsNullOrEmpty(r.AccountNumber) || r.AccountNumber.Length > 19 || !r.AccountNumber.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"Account number must be 1 to 19 letters or digits, got '{r.AccountNumber}'.", nameof(VietQrRequest.AccountNumber));

        if (r.AmountVnd is < 1 or > MaxAmountVnd)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Amount must be a whole number of VND from 1 to {MaxAmountVnd} (13 digits), got {r.AmountVnd}."),
                nameof(VietQrRequest.AmountVnd));

        // Banks strip diacritics and some reject non-ASCII outright, so a Vietnamese memo is refused, not transliterated.
        if (r.Memo is not null && !IsPrintableAscii(r.Memo, 25))
            throw new ArgumentException($"Memo must be 1 to 25 printable ASCII characters (no diacritics), got '{r.Memo}'.", nameof(VietQrRequest.Memo));

        if (r.MerchantName is not null && !IsPrintableAscii(r.MerchantName, 25))
            throw new ArgumentException($"Merchant name must be 1 to 25 printable ASCII characters (no diacritics), got '{r.MerchantName}'.", nameof(VietQrRequest.MerchantName));

        if (!Enum.IsDefined(r.Service))
            throw new ArgumentException($"Unknown service '{r.Service}'.", nameof(VietQrRequest.Service));
    }

    private static bool IsPrintableAscii(string value, int maxLength) =>
        value.Length >= 1 && value.Length <= maxLength && value.All(c => c is >= ' ' and <= '~');

    private static string Tlv(string id, string value) =>
        string.Create(CultureInfo.InvariantCulture, $"{id}{value.Length:D2}{value}");
}
