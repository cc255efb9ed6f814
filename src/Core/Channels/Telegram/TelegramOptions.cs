using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace SoraGateway.Channels.Telegram;

/// <summary>How updates reach us: we ask for them, or Telegram posts them to the WebhookHost.</summary>
public enum TelegramMode
{
    /// <summary>Long polling with <c>getUpdates</c> from the Bot host (the default; needs no public URL).</summary>
    Polling,

    /// <summary>Telegram posts updates to <c>POST /webhooks/telegram</c> of the WebhookHost.</summary>
    Webhook,
}

/// <summary><c>Telegram</c> section: the bot token, where the Bot API is, and how updates arrive.</summary>
public sealed partial class TelegramOptions : IValidatableObject
{
    public const string Section = "Telegram";

    /// <summary>Largest photo upload Telegram accepts from a bot; also our default download cap.</summary>
    public const int DefaultMaxPhotoBytes = 10 * 1024 * 1024;

    /// <summary>The bot token from @BotFather (<c>&lt;digits&gt;:&lt;text&gt;</c>). Secret: it is in every request URL.</summary>
    public string? BotToken { get; set; }

    /// <summary>The Bot API server: Telegram, a local Bot API server, or a test fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>Webhook mode: the secret Telegram sends back in <c>X-Telegram-Bot-Api-Secret-Token</c> (1–256 of <c>A-Za-z0-9_-</c>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How long one <c>getUpdates</c> long poll waits for news (0 = short polling, for tests only).</summary>
    public int PollingTimeoutSeconds { get; set; } = 30;

    /// <summary>How many chats are served at the same time.</summary>
    public int MaxParallelChats { get; set; } = 64;

    /// <summary>The largest photo we download from a user (Telegram's own upload cap by default).</summary>
    public int MaxPhotoBytes { get; set; } = DefaultMaxPhotoBytes;

    /// <summary>True when a bot token is configured.</summary>
    public bool HasBotToken => !string.IsNullOrWhiteSpace(BotToken);

    /// <summary>True when updates should arrive by webhook: webhook mode and a bot token.</summary>
    public bool IsWebhookActive => Mode == TelegramMode.Webhook && HasBotToken;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The messages name the key and never repeat the values: both are secrets.
        if (HasBotToken && !TokenShape().IsMatch(BotToken!))
            yield return new ValidationResult("Telegram:BotToken must look like <digits>:<text> (the token from @BotFather).", [nameof(BotToken)]);
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            yield return new ValidationResult("Telegram:ApiBaseUrl must be an absolute http(s) URL.", [nameof(ApiBaseUrl)]);
        if (!Enum.IsDefined(Mode))
            yield return new ValidationResult("Telegram:Mode must be Polling or Webhook.", [nameof(Mode)]);
        if (Mode == TelegramMode.Webhook && string.IsNullOrEmpty(WebhookSecret))
            yield return new ValidationResult("Telegram:WebhookSecret is required when Telegram:Mode is Webhook.", [nameof(WebhookSecret)]);
        if (!string.IsNullOrEmpty(WebhookSecret) && !SecretShape().IsMatch(WebhookSecret))
            yield return new ValidationResult("Telegram:WebhookSecret must be 1–256 characters of A-Z, a-z, 0-9, _ and -.", [nameof(WebhookSecret)]);
        if (PollingTimeoutSeconds is < 0 or > 50)
            yield return new ValidationResult("Telegram:PollingTimeoutSeconds must be between 0 and 50.", [nameof(PollingTimeoutSeconds)]);
        if (MaxParallelChats is < 1 or > 1024)
            yield return new ValidationResult("Telegram:MaxParallelChats must be between 1 and 1024.", [nameof(MaxParallelChats)]);
        if (MaxPhotoBytes is < 1024 or > 20 * 1024 * 1024)
            yield return new ValidationResult("Telegram:MaxPhotoBytes must be between 1 KB and 20 MB.", [nameof(MaxPhotoBytes)]);
    }

    public override string ToString() =>
        $"TelegramOptions(Mode={Mode}, ApiBaseUrl={ApiBaseUrl}, BotToken={(HasBotToken ? "set" : "not set")}, "
        + $"WebhookSecret={(string.IsNullOrEmpty(WebhookSecret) ? "not set" : "set")}, PollingTimeoutSeconds={PollingTimeoutSeconds}, "
        + $"MaxParallelChats={MaxParallelChats}, MaxPhotoBytes={MaxPhotoBytes})";

    [GeneratedRegex(@"^[0-9]+:\S+$")]
    private static partial Regex TokenShape();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretShape();
}
