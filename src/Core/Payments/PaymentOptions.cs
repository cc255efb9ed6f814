using System.ComponentModel.DataAnnotations;
using SoraGateway.Payments.VietQr;

namespace SoraGateway.Payments;

/// <summary><c>Payments</c> section: the receiving account and the order rules.</summary>
public sealed class PaymentOptions : IValidatableObject
{
    public const string Section = "Payments";

    /// <summary>BIN (<c>970436</c>) or short name (<c>VCB</c>) of the receiving bank.</summary>
    public string Bank { get; set; } = "";

    public string AccountNumber { get; set; } = "";
    public string AccountName { get; set; } = "";

    [Range(5, 7 * 24 * 60)]
    public int OrderTtlMinutes { get; set; } = 30;

    /// <summary>Order code prefix: distinctive, not a bank word.</summary>
    public string CodePrefix { get; set; } = "SG";

    /// <summary>How many unpaid orders one user may hold at once.</summary>
    [Range(1, 20)]
    public int MaxOpenOrders { get; set; } = 3;

    /// <summary>The bank resolved from <see cref="Bank"/>; null when not configured or unknown.</summary>
    public VietnameseBank? ReceivingBank => string.IsNullOrWhiteSpace(Bank) ? null : VietnameseBanks.Find(Bank);

    public bool IsAccountConfigured => ReceivingBank is not null && !string.IsNullOrWhiteSpace(AccountNumber);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Bank) && ReceivingBank is null)
            yield return new ValidationResult($"Payments:Bank '{Bank}' is not a known BIN or bank short name.", [nameof(Bank)]);
        if (!string.IsNullOrWhiteSpace(AccountNumber) && !System.Text.RegularExpressions.Regex.IsMatch(AccountNumber, "^[0-9A-Za-z]{1,19}$"))
            yield return new ValidationResult("Payments:AccountNumber must be 1–19 letters or digits.", [nameof(AccountNumber)]);
        string? prefixError = null;
        try
        {
            _ = new OrderCodeFormat(CodePrefix);
        }
        catch (ArgumentException ex)
        {
            prefixError = $"Payments:CodePrefix: {ex.Message}";
        }

        if (prefixError is not null)
            yield return new ValidationResult(prefixError, [nameof(CodePrefix)]);
    }
}

/// <summary><c>Casso</c> section: webhook secrets and the reconciliation API.</summary>
public sealed class CassoOptions
{
    public const string Section = "Casso";

    /// <summary>V2 webhook HMAC key (the "security key" of the webhook in Casso's dashboard).</summary>
    public string WebhookKey { get; set; } = "";

    /// <summary>Legacy V1 <c>secure-token</c>.</summary>
    public string SecureToken { get; set; } = "";

    /// <summary>API key for reconciliation; unset = reconciler off.</summary>
    public string ApiKey { get; set; } = "";

    [Url]
    public string ApiBaseUrl { get; set; } = "https://oauth.casso.vn/v2";

    /// <summary>How far a V2 signature's timestamp may be from now (generous: retries may keep the first t).</summary>
    [Range(1, 24 * 30)]
    public int ReplayWindowHours { get; set; } = 24;

    [Range(1, 24 * 60)]
    public int ReconcileIntervalMinutes { get; set; } = 5;

    [Range(1, 31)]
    public int ReconcileLookbackDays { get; set; } = 2;

    public override string ToString() => $"CassoOptions(ApiBaseUrl={ApiBaseUrl}, secrets hidden)";
}
