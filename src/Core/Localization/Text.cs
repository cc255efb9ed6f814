using System.Globalization;
using System.Net;
using SoraGateway.Users;

namespace SoraGateway.Localization;

/// <summary>
/// One user-facing message in both languages. Templates use <c>{0}</c>-style holes and Telegram's
/// HTML subset; values that come from users must be passed through <see cref="Html.Escape"/>.
/// </summary>
public sealed record Text(string Vi, string En)
{
    /// <summary>The template in <paramref name="language"/>, filled with <paramref name="args"/>.</summary>
    public string In(string language, params object?[] args)
    {
        var template = Languages.Normalize(language) == Languages.English ? En : Vi;
        return args.Length == 0 ? template : string.Format(Formats.Culture(language), template, args);
    }
}

/// <summary>Escaping for the HTML subset our messages use.</summary>
public static class Html
{
    /// <summary>
    /// Makes user text (prompts, names) safe to put inside a message. Only the four characters
    /// Telegram's HTML parser cares about are escaped; Vietnamese letters stay as they are.
    /// </summary>
    public static string Escape(string? text) =>
        (text ?? "").Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>Plain text of a message, for channels without formatting (Zalo, the terminal).</summary>
    public static string ToPlainText(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", ""));
}

/// <summary>Numbers, money and times the way each language writes them.</summary>
public static class Formats
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public static CultureInfo Culture(string language) =>
        Languages.Normalize(language) == Languages.English ? CultureInfo.InvariantCulture : Vietnamese;

    /// <summary>49.000 ₫ in Vietnamese, 49,000 VND in English.</summary>
    public static string Vnd(long amount, string language) =>
        Languages.Normalize(language) == Languages.English
            ? amount.ToString("N0", CultureInfo.InvariantCulture) + " VND"
            : amount.ToString("N0", Vietnamese) + " ₫";

    /// <summary>Credit counts with the language's thousands separator.</summary>
    public static string Credits(long amount, string language) => amount.ToString("N0", Culture(language));

    /// <summary>A UTC time shown in Vietnam's time zone (UTC+7), which is where our users are.</summary>
    public static string VietnamTime(DateTime utc, string language) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(VietnamOffset)
            .ToString(Languages.Normalize(language) == Languages.English ? "yyyy-MM-dd HH:mm" : "HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
}
