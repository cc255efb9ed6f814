using System.Security.Cryptography;

namespace SoraGateway.Conversations;

/// <summary>
/// The data our buttons carry (≤ 64 bytes, Telegram's limit). Step choices carry the token of the
/// menu they were drawn for (<c>m:K3QZ:8</c>); actions that make sense at any time carry none
/// (<c>a:video</c>, <c>o:paid:SG…</c>, <c>h:2</c>).
/// </summary>
public static class ButtonData
{
    private const string TokenAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string NewMenuToken() => RandomNumberGenerator.GetString(TokenAlphabet, 4);

    public static string Choice(string menuToken, string value) => $"m:{menuToken}:{value}";

    public static string Action(string action) => $"a:{action}";

    public static string PaidCheck(string orderCode) => $"o:paid:{orderCode}";

    public static string CancelOrder(string orderCode) => $"o:cancel:{orderCode}";

    public static string HistoryPage(int page) => $"h:{page}";

    public static string VideosPage(int page) => $"v:{page}";

    public static string ResendVideo(Guid jobId) => $"j:send:{jobId:N}";

    public static string DeleteVideo(Guid jobId) => $"j:del:{jobId:N}";

    public static string Language(string language) => $"l:{language}";

    /// <summary>Splits button data into its kind and parts (<c>m:K3QZ:8</c> → <c>m</c>, [<c>K3QZ</c>, <c>8</c>]).</summary>
    public static (string Kind, string[] Parts) Parse(string? data)
    {
        if (string.IsNullOrEmpty(data))
            return ("", []);
        var parts = data.Split(':');
        return (parts[0], parts[1..]);
    }
}
