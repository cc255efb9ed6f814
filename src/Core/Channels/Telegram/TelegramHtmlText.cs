using System.Text;

namespace SoraGateway.Channels.Telegram;

/// <summary>
/// Measures and splits text in Telegram's HTML parse mode. Telegram's limits (4096 for a message,
/// 1024 for a caption) count what the user sees, after tags are removed and entities decoded.
/// </summary>
internal static class TelegramHtmlText
{
    /// <summary>Longest message text Telegram accepts.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Longest media caption Telegram accepts.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>The number of characters (UTF-16 units) the user sees.</summary>
    public static int VisibleLength(string html)
    {
        var length = 0;
        foreach (var token in Tokens(html))
            length += token.Visible;
        return length;
    }

    /// <summary>
    /// Cuts <paramref name="html"/> into parts of at most <paramref name="limit"/> visible characters.
    /// Prefers a line break outside any tag pair, then any line break, then a space, then anywhere
    /// between characters; never inside a tag or an entity. A cut inside a tag pair (a long
    /// <c>&lt;pre&gt;</c>) closes the open tags at the end of the part and reopens them in the next.
    /// </summary>
    public static IReadOnlyList<string> Split(string html, int limit = MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2);
        var parts = new List<string>();
        var rest = html;
        while (VisibleLength(rest) > limit)
        {
            var cut = FindCut(rest, limit);
            var part = rest[..cut.Position] + string.Concat(cut.OpenTags.Reverse().Select(ClosingTag));
            if (HasVisibleText(part))
                parts.Add(part);
            // The next part reopens what the cut closed, so each part is balanced on its own.
            rest = string.Concat(cut.OpenTags) + rest[(cut.Position + cut.Skip)..];
        }

        if (parts.Count == 0 || HasVisibleText(rest))
            parts.Add(rest);
        return parts;
    }

    /// <summary>False for text that shows nothing but white space (Telegram rejects it as empty).</summary>
    public static bool HasVisibleText(string html) =>
        Tokens(html).Any(t => t.Visible > 0 && !char.IsWhiteSpace(html[t.Start]));

    private static Cut FindCut(string html, int limit)
    {
        // Replaced, never changed in place: a cut can keep the list as it was at its position.
        IReadOnlyList<string> open = [];
        Cut? lineAtTop = null, line = null, space = null, any = null;
        var visible = 0;
        foreach (var token in Tokens(html))
        {
            if (token.Visible > 0)
            {
                // A boundary before this token: the part would hold `visible` characters.
                if (visible > 0)
                    any = new Cut(token.Start, 0, open, visible);
                if (visible + token.Visible > limit)
                    break;
                var c = html[token.Start];
                if (c == '\n' && visible > 0)
                {
                    line = new Cut(token.Start, 1, open, visible);
                    if (open.Count == 0)
                        lineAtTop = line;
                }
                else if (c == ' ' && visible > 0)
                {
                    space = new Cut(token.Start, 1, open, visible);
                }
                visible += token.Visible;
            }
            else if (token.IsClosingTag)
            {
                if (open.Count > 0)
                    open = [.. open.Take(open.Count - 1)];
            }
            else
            {
                open = [.. open, html.Substring(token.Start, token.Length)];
            }
        }

        // A nicer cut is worth it only if the part stays reasonably full (no 10-character first message).
        Cut?[] preferred = [lineAtTop, line, space];
        return preferred.FirstOrDefault(c => c is not null && c.Visible >= limit / 2)
            ?? preferred.FirstOrDefault(c => c is not null)
            ?? any
            ?? throw new InvalidOperationException("No place to cut the text.");
    }

    private static string ClosingTag(string openingTag)
    {
        var name = new string([.. openingTag.Skip(1).TakeWhile(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-')]);
        return $"</{name}>";
    }

    /// <summary>Tags (no visible characters), entities (one) and characters (one, or two for a surrogate pair kept whole).</summary>
    private static IEnumerable<Token> Tokens(string html)
    {
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var close = html.IndexOf('>', i);
                if (close > i)
                {
                    yield return new Token(i, close - i + 1, 0, html.Length > i + 1 && html[i + 1] == '/');
                    i = close + 1;
                    continue;
                }
            }
            else if (c == '&')
            {
                var end = html.IndexOf(';', i);
                if (end > i && end - i <= 10 && IsEntityName(html.AsSpan(i + 1, end - i - 1)))
                {
                    yield return new Token(i, end - i + 1, 1, false);
                    i = end + 1;
                    continue;
                }
            }

            var width = char.IsHighSurrogate(c) && i + 1 < html.Length && char.IsLowSurrogate(html[i + 1]) ? 2 : 1;
            yield return new Token(i, width, width, false);
            i += width;
        }
    }

    private static bool IsEntityName(ReadOnlySpan<char> name) =>
        name.Length > 0 && (name[0] == '#' ? name.Length > 1 : char.IsAsciiLetter(name[0])) && !name.ContainsAny(" <&");

    private readonly record struct Token(int Start, int Length, int Visible, bool IsClosingTag);

    private sealed record Cut(int Position, int Skip, IReadOnlyList<string> OpenTags, int Visible);

    /// <summary>Escapes text for HTML parse mode (only <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and quotes matter).</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
