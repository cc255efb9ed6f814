using System.Globalization;
using System.Net;
using System.Text;

namespace SoraGateway.Testing.FakeTelegram;

/// <summary>
/// A small model of Telegram's HTML parse mode: only the documented tags, balanced, with the
/// entities decoded. It turns the text into what a user sees (and what Telegram returns as
/// <c>text</c>), and rejects what Telegram rejects with "can't parse entities" — most importantly a
/// raw <c>&lt;</c> from unescaped user input. It does not compute message entities.
/// </summary>
internal static class TelegramHtml
{
    private static readonly HashSet<string> SupportedTags = new(StringComparer.Ordinal)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "tg-emoji", "code", "pre", "blockquote", "tg-time",
    };

    /// <summary>Renders <paramref name="html"/>; on failure returns null and Telegram's error description.</summary>
    public static string? TryRender(string html, out string? error)
    {
        var text = new StringBuilder(html.Length);
        var open = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '&')
            {
                var end = html.IndexOf(';', i);
                if (end > i && end - i <= 10 && WebUtility.HtmlDecode(html[i..(end + 1)]) is { } decoded && decoded != html[i..(end + 1)])
                {
                    text.Append(decoded);
                    i = end + 1;
                    continue;
                }
                text.Append(c);
                i++;
                continue;
            }
            if (c != '<')
            {
                text.Append(c);
                i++;
                continue;
            }

            var offset = Encoding.UTF8.GetByteCount(html.AsSpan(0, i));
            var close = html.IndexOf('>', i);
            if (close < 0)
            {
                error = $"Bad Request: can't parse entities: Unclosed start tag at byte offset {offset.ToString(CultureInfo.InvariantCulture)}";
                return null;
            }
            var tag = html[(i + 1)..close];
            var isEnd = tag.StartsWith('/');
            var name = new string((isEnd ? tag[1..] : tag).TakeWhile(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-').ToArray()).ToLowerInvariant();
            if (isEnd)
            {
                if (open.Count == 0)
                {
                    error = $"Bad Request: can't parse entities: Unexpected end tag at byte offset {offset.ToString(CultureInfo.InvariantCulture)}";
                    return null;
                }
                if (open.Peek() != name)
                {
                    error = $"Bad Request: can't parse entities: Unmatched end tag at byte offset {offset.ToString(CultureInfo.InvariantCulture)}, expected \"</{open.Peek()}>\", found \"</{name}>\"";
                    return null;
                }
                open.Pop();
            }
            else
            {
                if (name.Length == 0 || !SupportedTags.Contains(name))
                {
                    error = $"Bad Request: can't parse entities: Unsupported start tag \"{name}\" at byte offset {offset.ToString(CultureInfo.InvariantCulture)}";
                    return null;
                }
                open.Push(name);
            }
            i = close + 1;
        }
        if (open.Count > 0)
        {
            error = $"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{open.Peek()}\"";
            return null;
        }
        error = null;
        return text.ToString();
    }
}
