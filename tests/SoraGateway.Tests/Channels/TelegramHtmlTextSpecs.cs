using System.Text.RegularExpressions;
using CsCheck;
using SoraGateway.Channels.Telegram;

namespace SoraGateway.Tests.Channels;

/// <summary>Telegram counts what the user sees; long text is cut where a reader would cut it.</summary>
public sealed partial class TelegramHtmlTextSpecs
{
    [Fact]
    public void Tags_do_not_count_and_an_entity_counts_as_one_character()
    {
        Assert.Equal("Mèo & chó: 5".Length, TelegramHtmlText.VisibleLength("<b>Mèo</b> &amp; <i>chó</i>: <code>5</code>"));
    }

    [Fact]
    public void Text_within_the_limit_stays_one_part_unchanged()
    {
        var html = "<b>Xin chào</b>\nSố dư: 120";

        Assert.Equal([html], TelegramHtmlText.Split(html, 20));
    }

    [Fact]
    public void Text_is_cut_at_the_last_line_break_outside_tags_that_fits()
    {
        var parts = TelegramHtmlText.Split("<b>một hai</b>\nba bốn\nnăm sáu bảy tám", 16);

        Assert.Equal(["<b>một hai</b>\nba bốn", "năm sáu bảy tám"], parts);
    }

    [Fact]
    public void A_cut_inside_a_tag_pair_closes_it_and_reopens_it_with_its_attributes()
    {
        var parts = TelegramHtmlText.Split("""<a href="https://x.vn/a?b=1&amp;c=2">một hai ba bốn</a>""", 8);

        Assert.Equal(["""<a href="https://x.vn/a?b=1&amp;c=2">một hai</a>""", """<a href="https://x.vn/a?b=1&amp;c=2">ba bốn</a>"""], parts);
    }

    [Fact]
    public void Every_part_fits_is_balanced_and_together_they_keep_every_visible_character()
    {
        var word = Gen.String[Gen.Char["abcdeđơưăâêôạảấầẩẫậ"], 1, 12];
        var piece = Gen.Frequency(
            (6, word),
            (2, Gen.Const(" ")),
            (2, Gen.Const("\n")),
            (1, Gen.Const("&amp;")),
            (1, Gen.Const("😀")),
            (2, word.Select(w => $"<b>{w} {w}</b>")),
            (1, word.Select(w => $"<pre>{w}\n{w} {w}</pre>")),
            (1, word.Select(w => $"""<a href="https://x.vn/{w}">{w}</a>""")));
        var texts = piece.Array[1, 120].Select(string.Concat);

        Gen.Select(texts, Gen.Int[4, 40]).Sample((html, limit) =>
        {
            var parts = TelegramHtmlText.Split(html, limit);

            Assert.All(parts, part =>
            {
                Assert.InRange(TelegramHtmlText.VisibleLength(part), 1, limit);
                Assert.True(IsBalanced(part), $"unbalanced part \"{part}\" of \"{html}\"");
                Assert.False(char.IsLowSurrogate(Visible(part).FirstOrDefault()), "a surrogate pair was cut");
            });
            Assert.Equal(WithoutWhiteSpace(Visible(html)), WithoutWhiteSpace(string.Concat(parts.Select(Visible))));
        }, iter: 2_000);
    }

    private static string Visible(string html) => Tag().Replace(html, "");

    private static string WithoutWhiteSpace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static bool IsBalanced(string html)
    {
        var open = new Stack<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = TagName().Match(tag.Value).Groups[1].Value;
            if (!tag.Value.StartsWith("</", StringComparison.Ordinal))
                open.Push(name);
            else if (open.Count == 0 || open.Pop() != name)
                return false;
        }
        return open.Count == 0;
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("^</?([a-z-]+)")]
    private static partial Regex TagName();
}
