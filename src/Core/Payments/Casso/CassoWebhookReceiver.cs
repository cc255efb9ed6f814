using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SoraGateway.Payments.Casso;

/// <summary>
/// Verifies a Casso webhook delivery (V2 HMAC signature or legacy V1 token) before anything is
/// read from it, parses it, and hands each transaction to <see cref="BankTransferIngestion"/>.
/// A delivery that fails verification or parsing changes nothing.
/// </summary>
public sealed class CassoWebhookReceiver(
    BankTransferIngestion ingestion, IOptions<CassoOptions> options, TimeProvider time, ILogger<CassoWebhookReceiver> logger)
{
    public const string SignatureHeader = "X-Casso-Signature";
    public const string SecureTokenHeader = "secure-token";

    /// <summary>Handles one delivery; <paramref name="signature"/> and <paramref name="secureToken"/> are the raw header values.</summary>
    public async Task<CassoWebhookResult> ReceiveAsync(ReadOnlyMemory<byte> body, string? signature, string? secureToken, CancellationToken ct)
    {
        var settings = options.Value;
        CassoParseResult parsed;
        string source;
        if (!string.IsNullOrEmpty(signature))
        {
            if (string.IsNullOrEmpty(settings.WebhookKey))
                return Refuse(CassoWebhookVerdict.Unauthorized, "V2 signature received but Casso:WebhookKey is not configured.");
            var check = CassoSignature.VerifyV2(body.Span, signature, settings.WebhookKey, time.GetUtcNow(),
                TimeSpan.FromHours(settings.ReplayWindowHours));
            if (check == CassoSignatureCheck.InvalidBody)
                return Refuse(CassoWebhookVerdict.BadRequest, "The body is not JSON.");
            if (check != CassoSignatureCheck.Valid)
                return Refuse(CassoWebhookVerdict.Unauthorized, $"Signature check failed: {check}.");
            parsed = CassoPayloads.ParseV2(body.Span);
            source = "webhook-v2";
        }
        else if (!string.IsNullOrEmpty(secureToken))
        {
            if (string.IsNullOrEmpty(settings.SecureToken) || !CassoSignature.VerifyV1(secureToken, settings.SecureToken))
                return Refuse(CassoWebhookVerdict.Unauthorized, "The secure-token is wrong.");
            parsed = CassoPayloads.ParseV1(body.Span);
            source = "webhook-v1";
        }
        else
        {
            return Refuse(CassoWebhookVerdict.Unauthorized, $"Neither {SignatureHeader} nor {SecureTokenHeader} is present.");
        }

        if (!parsed.Succeeded)
            return Refuse(CassoWebhookVerdict.BadRequest, parsed.Error ?? "Not a Casso envelope.");

        var results = new List<IngestionResult>();
        foreach (var transfer in parsed.Transfers)
            results.Add(await ingestion.IngestAsync(transfer, source, ct));
        return new CassoWebhookResult(CassoWebhookVerdict.Accepted, null, results);
    }

    private CassoWebhookResult Refuse(CassoWebhookVerdict verdict, string reason)
    {
        logger.LogWarning("Casso webhook refused ({Verdict}): {Reason}", verdict, reason);
        return new CassoWebhookResult(verdict, reason, []);
    }
}

/// <summary>The outcome of one Casso delivery.</summary>
public sealed record CassoWebhookResult(CassoWebhookVerdict Verdict, string? Reason, IReadOnlyList<IngestionResult> Transfers);

/// <summary>How to answer Casso (the spec's response table).</summary>
public enum CassoWebhookVerdict
{
    /// <summary>Stored and processed, duplicate, test call, outgoing, unmatched: 200.</summary>
    Accepted,

    /// <summary>Signature or token missing or wrong: 401, nothing stored.</summary>
    Unauthorized,

    /// <summary>Not JSON or not the envelope: 400, nothing stored.</summary>
    BadRequest,
}
