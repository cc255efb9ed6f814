using System.Globalization;
using System.Text;

namespace SoraGateway.Tests.Payments.Casso;

/// <summary>Casso deliveries shared by the specs: the official vector and a Vietnamese memo.</summary>
internal static class CassoSamples
{
    // Casso's published V2 verification sample (specs/casso.md).
    public const string OfficialKey = "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs";
    public const long OfficialTimestamp = 1727948258788;
    public const string OfficialHeader =
        "t=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e224900fa7904e7c88dfa098032fb2d6b6996856e8b7ff3";
    public const string OfficialBody =
        """{"error":0,"data":{"id":0,"reference":"MA_GIAO_DICH_THU_NGHIEM","description":"giao dich thu nghiem","amount":599000,"runningBalance":25000000,"transactionDateTime":"2024-10-03 15:06:37","accountNumber":"88888888","bankName":"VPBank","bankAbbreviation":"VPB","virtualAccountNumber":"","virtualAccountName":"","counterAccountName":"NGUYEN VAN A","counterAccountNumber":"8888888888","counterAccountBankId":"970415","counterAccountBankName":"VietinBank"}}""";

    public static readonly DateTimeOffset OfficialTime = DateTimeOffset.FromUnixTimeMilliseconds(OfficialTimestamp);

    // A transfer with a Vietnamese memo, and its signatures computed independently with Python:
    // hmac.new(key, f"{t}.{json.dumps(body, sort_keys=True, separators=(',', ':'), ensure_ascii=E)}".encode(), sha512)
    public const string VietnameseKey = "test-webhook-key-0123456789";
    public const string VietnameseMemo = "Nạp tiền SGABCDEFGHX cho Nguyễn Văn Á";
    public const string VietnameseBody =
        """{"error":0,"data":{"id":4242,"reference":"FT24277123456","description":"Nạp tiền SGABCDEFGHX cho Nguyễn Văn Á","amount":50000,"transactionDateTime":"2024-10-03 15:06:37"}}""";
    public const string PythonRawUtf8Signature =
        "d2dc34fc74eb468f48fd9b280551ed8f2c6a02fd9e55fd6835caac756760b1d556738c7858b4b8d2cae947957b624c0b11e80a1db642a6b8d0b8f02345344949";
    public const string PythonEnsureAsciiSignature =
        "7b8af0bd8e48bff6c5e7d132da7e30937ab3eca6fdd57c4f778fc6a5bc5c0acd788ed2502e4920552ca194262d27fbde997eba3c699856055674b890446d6dd0";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// The same JSON text with every non-ASCII character written as an upper-case <c>\uXXXX</c>
    /// escape, as some senders put it on the wire (escape case must not matter either).
    /// </summary>
    public static string EscapeNonAscii(string json)
    {
        var escaped = new StringBuilder();
        foreach (var c in json)
        {
            if (c > '~')
                escaped.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else
                escaped.Append(c);
        }

        return escaped.ToString();
    }
}
