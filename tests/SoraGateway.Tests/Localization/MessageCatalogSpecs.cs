using System.Reflection;
using System.Text.RegularExpressions;
using SoraGateway.Localization;

namespace SoraGateway.Tests.Localization;

public sealed partial class MessageCatalogSpecs
{
    public static TheoryData<string> AllMessages()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(Messages).GetFields(BindingFlags.Public | BindingFlags.Static))
            data.Add(field.Name);
        return data;
    }

    private static Text Message(string name) => (Text)typeof(Messages).GetField(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Every_message_exists_in_both_languages_with_the_same_holes(string name)
    {
        var text = Message(name);

        Assert.False(string.IsNullOrWhiteSpace(text.Vi));
        Assert.False(string.IsNullOrWhiteSpace(text.En));
        Assert.Equal(Holes(text.Vi), Holes(text.En));
        Assert.Equal(Tags(text.Vi), Tags(text.En));
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Vietnamese_text_is_written_with_its_diacritics(string name)
    {
        var vi = Message(name).Vi;
        var words = Regex.Replace(vi, "<[^>]+>|\\{\\d+\\}|https?://\\S+", " ");
        // Words that are the same in Vietnamese and English (video, credit) need no diacritics.
        var plain = words.Split([' ', '\n', '.', ',', ':', '(', ')', '[', ']', '/', '—', '-', '·', '#', '→'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.All(char.IsAsciiLetter) && w.Length > 1)
            .Except(["video", "Video", "credit", "Sora", "Gateway", "VietQR", "Veo", "Lite", "Fast", "Telegram", "BotToken", "Casso", "webhook", "JPG", "PNG", "Menu", "menu", "pay", "photo", "quit", "help", "buy", "balance", "history", "videos", "stats", "language", "cancel", "start", "Studio", "English"])
            .ToList();
        // Short labels can be diacritic-free Vietnamese ("Mua credit", "xong"); sentences cannot.
        if (plain.Count >= 3)
            Assert.Contains(vi, c => c > 127 && char.IsLetter(c));
    }

    [Fact]
    public void Formatting_follows_each_language()
    {
        Assert.Equal("49.000 ₫", Formats.Vnd(49_000, "vi"));
        Assert.Equal("49,000 VND", Formats.Vnd(49_000, "en"));
        Assert.Equal("10:00 04/12/2026", Formats.VietnamTime(new DateTime(2026, 12, 4, 3, 0, 0, DateTimeKind.Utc), "vi"));
        Assert.Equal("&lt;script&gt;", Html.Escape("<script>"));
        Assert.Equal("a < b & c", Html.ToPlainText("<b>a</b> &lt; b &amp; c"));
    }

    private static List<string> Holes(string template) => [.. HoleRegex().Matches(template).Select(m => m.Value).Distinct().Order()];

    private static List<string> Tags(string template) => [.. TagRegex().Matches(template).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex HoleRegex();

    [GeneratedRegex(@"</?[a-z]+>")]
    private static partial Regex TagRegex();
}
