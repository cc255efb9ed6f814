namespace SoraGateway.Users;

/// <summary>A person using the gateway. Created on their first message from any channel.</summary>
public sealed class User
{
    public long Id { get; set; }
    public required string DisplayName { get; set; }

    /// <summary>Language of every message we send them: <c>vi</c> (default) or <c>en</c>.</summary>
    public string Language { get; set; } = Languages.Vietnamese;

    /// <summary>The deep-link parameter of their first <c>/start</c> (kept for referrals).</summary>
    public string? StartParameter { get; set; }

    public DateTime CreatedAt { get; set; }
    public List<ChannelIdentity> Identities { get; } = [];
}

/// <summary>An account on a chat channel (Telegram user id, Zalo user id) that belongs to one user.</summary>
public sealed class ChannelIdentity
{
    public long Id { get; set; }
    public required string Channel { get; set; }

    /// <summary>The channel's own id, always kept as text (Zalo ids overflow a double).</summary>
    public required string ExternalId { get; set; }

    public long UserId { get; set; }
    public User? User { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The chat channels we serve.</summary>
public static class ChannelNames
{
    public const string Telegram = "telegram";
    public const string Zalo = "zalo";
    public const string Emulator = "emulator";

    public static bool IsKnown(string channel) => channel is Telegram or Zalo or Emulator;
}

/// <summary>The languages of the message catalog.</summary>
public static class Languages
{
    public const string Vietnamese = "vi";
    public const string English = "en";

    public static string Normalize(string? code) =>
        code is not null && code.StartsWith(English, StringComparison.OrdinalIgnoreCase) ? English : Vietnamese;
}
