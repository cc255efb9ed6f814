using System.Text;
using System.Text.Json;
using SoraGateway.Payments.Casso;

namespace SoraGateway.Testing;

/// <summary>Authentic Casso webhook deliveries, built and signed like Casso does.</summary>
public static class CassoDeliveries
{
    public const string WebhookKey = "test-casso-webhook-key-0123456789";
    public const string SecureToken = "test-secure-token";

    /// <summary>The settings a host needs to accept these deliveries.</summary>
    public static Dictionary<string, string?> Settings => new()
    {
        ["Casso:WebhookKey"] = WebhookKey,
        ["Casso:SecureToken"] = SecureToken,
        ["Payments:Bank"] = "970436",
        ["Payments:AccountNumber"] = "1234567890",
        ["Payments:AccountName"] = "CONG TY SORA GATEWAY",
        ["Payments:CodePrefix"] = "SG",
    };

    /// <summary>A V2 body with one incoming transfer.</summary>
    public static byte[] V2Body(long id, long amount, string description, string reference = "FT24277000001")
    {
        var body = new
        {
            error = 0,
            data = new
            {
                id,
                reference,
                description,
                amount,
                runningBalance = 25_000_000,
                transactionDateTime = "2026-12-04 10:15:00",
                accountNumber = "1234567890",
                bankName = "Vietcombank",
                bankAbbreviation = "VCB",
                virtualAccountNumber = "",
                virtualAccountName = "",
                counterAccountName = "NGUYEN VAN A",
                counterAccountNumber = "0011223344",
                counterAccountBankId = "970415",
                counterAccountBankName = "VietinBank",
            },
        };
        // Relaxed escaping keeps Vietnamese text as raw UTF-8, as most of Casso's samples send it.
        return JsonSerializer.SerializeToUtf8Bytes(body, RawUtf8);
    }

    private static readonly JsonSerializerOptions RawUtf8 = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A V1 body (array of transactions, legacy field names).</summary>
    public static byte[] V1Body(params (long Id, long Amount, string Description)[] transfers)
    {
        var data = transfers.Select(t => new Dictionary<string, object>
        {
            ["id"] = t.Id,
            ["tid"] = $"TID{t.Id}",
            ["description"] = t.Description,
            ["amount"] = t.Amount,
            ["cusum_balance"] = 1_000_000,
            ["when"] = "2026-12-04 10:15:00",
            ["bank_sub_acc_id"] = "1234567890",
            ["subAccId"] = "1234567890",
        });
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { error = 0, data }));
    }

    /// <summary>A signed V2 request to <c>/webhooks/casso</c>.</summary>
    public static HttpRequestMessage SignedV2(byte[] body, DateTimeOffset now, string key = WebhookKey, bool escapeNonAscii = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/casso") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("X-Casso-Signature", CassoSignature.SignV2(body, key, now.ToUnixTimeMilliseconds(), escapeNonAscii));
        return request;
    }

    /// <summary>A request whose signature header is well-formed but signs nothing (for bodies that cannot be signed).</summary>
    public static HttpRequestMessage WithForgedSignature(byte[] body, DateTimeOffset now)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/casso") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("X-Casso-Signature", $"t={now.ToUnixTimeMilliseconds()},v1={new string('0', 128)}");
        return request;
    }

    /// <summary>A V1 request with the given token.</summary>
    public static HttpRequestMessage V1(byte[] body, string token = SecureToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/casso") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("secure-token", token);
        return request;
    }
}
