using System.Text;
using SoraGateway.Channels.Telegram;
using SoraGateway.Conversations;
using SoraGateway.Testing.FakeTelegram;

namespace SoraGateway.Tests.Channels;

/// <summary>How the engine's replies look in Telegram, and what happens when Telegram says no.</summary>
public sealed class TelegramChatSenderSpecs : IAsyncLifetime
{
    private const long Lan = 1001;
    private const string LanId = "1001";
    private TelegramTestHost _bot = null!;
    private readonly List<string> _files = [];

    private FakeBotApiServer Server => _bot.Server;
    private TelegramChatSender Sender => _bot.Get<TelegramChatSender>();

    public async Task InitializeAsync() => _bot = await TelegramTestHost.StartAsync(poll: false);

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        foreach (var file in _files)
            File.Delete(file);
    }

    [Fact]
    public async Task A_text_goes_out_in_html_and_its_message_id_comes_back()
    {
        var delivered = await Sender.SendAsync(LanId, new TextReply("Số dư: <b>120</b> credit"), CancellationToken.None);

        var sent = Assert.Single(Server.SentTo(Lan));
        Assert.Equal(("sendMessage", "Số dư: <b>120</b> credit", "HTML"), (sent.Method, sent.Text, sent.ParseMode));
        Assert.Empty(sent.Keyboard);
        Assert.Equal(new DeliveredMessage(sent.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture)), delivered);
    }

    [Fact]
    public async Task Callback_data_longer_than_64_utf8_bytes_is_refused_before_anything_is_sent()
    {
        var data = new string('ắ', 22); // 22 characters, 66 bytes
        var reply = new TextReply("Chọn") { Buttons = [[new ChatButton("Quá dài", Data: data)]] };

        await Assert.ThrowsAsync<ArgumentException>(() => Sender.SendAsync(LanId, reply, CancellationToken.None));
        Assert.Equal(0, Server.CallCount("sendMessage"));
    }

    [Fact]
    public async Task Callback_data_of_exactly_64_utf8_bytes_is_accepted()
    {
        var data = "v1:" + new string('ắ', 20) + "x"; // 3 + 60 + 1 = 64 bytes
        Assert.Equal(64, Encoding.UTF8.GetByteCount(data));

        await Sender.SendAsync(LanId, new TextReply("Chọn") { Buttons = [[new ChatButton("Đúng 64", Data: data)]] }, CancellationToken.None);

        Assert.Equal(data, Assert.Single(Server.SentTo(Lan)).Buttons.Single().CallbackData);
    }

    [Fact]
    public async Task A_text_longer_than_4096_characters_is_split_at_line_breaks_with_the_buttons_under_the_last_part()
    {
        var lines = Enumerable.Range(1, 300).Select(i => $"<b>Giao dịch {i}</b>: +50 credit &amp; cảm ơn bạn đã ủng hộ").ToList();
        var html = string.Join("\n", lines);
        var reply = new TextReply(html) { Buttons = [[new ChatButton("Trang sau", Data: "history:2")]] };

        var delivered = await Sender.SendAsync(LanId, reply, CancellationToken.None);

        var parts = Server.SentTo(Lan);
        Assert.True(parts.Count >= 3, $"{parts.Count} parts");
        // The fake rejects anything over 4096 visible characters or with unbalanced tags, so each part passed both.
        Assert.Equal(lines, parts.SelectMany(p => p.Text!.Split('\n')));
        Assert.All(parts.SkipLast(1), p => Assert.Empty(p.Keyboard));
        Assert.Equal("history:2", parts[^1].Buttons.Single().CallbackData);
        Assert.Equal(parts[^1].MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), delivered.MessageId);
    }

    [Fact]
    public async Task A_single_block_longer_than_4096_characters_is_cut_between_words_and_its_tags_are_reopened()
    {
        var words = string.Join(" ", Enumerable.Range(1, 1500).Select(i => $"từ{i}"));
        var html = $"<i>Mô tả:</i>\n<pre>{words}</pre>";

        await Sender.SendAsync(LanId, new TextReply(html), CancellationToken.None);

        var parts = Server.SentTo(Lan);
        Assert.True(parts.Count >= 2);
        Assert.All(parts.Skip(1), p => Assert.StartsWith("<pre>", p.Text, StringComparison.Ordinal));
        Assert.All(parts, p => Assert.EndsWith("</pre>", p.Text, StringComparison.Ordinal));
        var shown = string.Join(" ", parts.Select(p => p.Text!.Replace("<i>Mô tả:</i>\n", "", StringComparison.Ordinal)
            .Replace("<pre>", "", StringComparison.Ordinal).Replace("</pre>", "", StringComparison.Ordinal)));
        Assert.Equal(words, shown);
    }

    [Fact]
    public async Task A_photo_is_uploaded_byte_for_byte_with_its_name_caption_and_buttons()
    {
        var reply = new PhotoReply(TestImages.Png, "Chuyển <b>99.000 ₫</b>", "SG7K2M.png") { Buttons = [[new ChatButton("Tôi đã chuyển", Data: "paid:SG7K2M")]] };

        var delivered = await Sender.SendAsync(LanId, reply, CancellationToken.None);

        var photo = Assert.Single(Server.SentTo(Lan));
        Assert.Equal("sendPhoto", photo.Method);
        Assert.Equal(TestImages.Png, photo.Upload);
        Assert.Equal(("SG7K2M.png", "Chuyển <b>99.000 ₫</b>", "HTML"), (photo.UploadFileName, photo.Text, photo.ParseMode));
        Assert.Equal("paid:SG7K2M", photo.Buttons.Single().CallbackData);
        Assert.Equal(photo.ResultFileId, delivered.FileId);
    }

    [Fact]
    public async Task A_caption_over_1024_characters_follows_the_photo_as_a_text_carrying_the_buttons()
    {
        var caption = "<b>Hướng dẫn</b>\n" + string.Join("\n", Enumerable.Range(1, 60).Select(i => $"Bước {i}: làm theo chỉ dẫn"));
        var reply = new PhotoReply(TestImages.Png, caption, "qr.png") { Buttons = [[new ChatButton("Xong", Data: "done")]] };

        var delivered = await Sender.SendAsync(LanId, reply, CancellationToken.None);

        var sent = Server.SentTo(Lan);
        Assert.Equal(["sendPhoto", "sendMessage"], sent.Select(m => m.Method));
        Assert.Null(sent[0].Text);
        Assert.Empty(sent[0].Keyboard);
        Assert.Equal(caption, sent[1].Text);
        Assert.Equal("done", sent[1].Buttons.Single().CallbackData);
        Assert.Equal(sent[1].MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), delivered.MessageId);
        Assert.Equal(sent[0].ResultFileId, delivered.FileId);
    }

    [Fact]
    public async Task A_video_file_is_uploaded_for_streaming_and_its_file_id_comes_back_for_reuse()
    {
        var content = Enumerable.Range(0, 50_000).Select(i => (byte)(i % 251)).ToArray();
        var path = TempFile(content);

        var delivered = await Sender.SendAsync(LanId, new VideoReply(Guid.NewGuid(), path, "Video của bạn: <i>con mèo</i>", null, null), CancellationToken.None);

        var video = Assert.Single(Server.SentTo(Lan));
        Assert.Equal("sendVideo", video.Method);
        Assert.Equal(content, video.Upload);
        Assert.Equal(Path.GetFileName(path), video.UploadFileName);
        Assert.Equal("true", video.Arguments["supports_streaming"], ignoreCase: true);
        Assert.NotNull(delivered.FileId);
        Assert.Equal(video.ResultFileId, delivered.FileId);
    }

    [Fact]
    public async Task A_video_already_on_telegram_is_sent_by_file_id_without_uploading()
    {
        var first = await Sender.SendAsync(LanId, new VideoReply(Guid.NewGuid(), TempFile([1, 2, 3, 4]), "lần 1", null, null), CancellationToken.None);

        var again = await Sender.SendAsync(LanId, new VideoReply(Guid.NewGuid(), "/nowhere/gone.mp4", "lần 2", first.FileId, null), CancellationToken.None);

        var resent = Server.SentTo(Lan)[^1];
        Assert.Equal(("sendVideo", first.FileId, null), (resent.Method, resent.FileId, resent.Upload));
        Assert.Equal(first.FileId, again.FileId);
    }

    [Fact]
    public async Task A_video_too_large_to_upload_is_sent_as_a_download_link()
    {
        var path = TempFile([]);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            file.SetLength(TelegramChatSender.MaxVideoUploadBytes + 1); // sparse: no 50 MB written

        await Sender.SendAsync(LanId, new VideoReply(Guid.NewGuid(), path, "Video <b>4K</b> của bạn", null, "https://gateway.test/v/abc?sig=1"), CancellationToken.None);

        var link = Assert.Single(Server.SentTo(Lan));
        Assert.Equal(("sendMessage", "Video <b>4K</b> của bạn"), (link.Method, link.Text));
        Assert.Equal("https://gateway.test/v/abc?sig=1", link.Buttons.Single().Url);
        Assert.Equal(0, Server.CallCount("sendVideo"));
    }

    [Fact]
    public async Task A_video_missing_on_disk_is_sent_as_a_download_link()
    {
        await Sender.SendAsync(LanId, new VideoReply(Guid.NewGuid(), "/nowhere/gone.mp4", "", null, "https://gateway.test/v/x"), CancellationToken.None);

        var link = Assert.Single(Server.SentTo(Lan));
        Assert.Equal("https://gateway.test/v/x", link.Text);
        Assert.Equal("https://gateway.test/v/x", link.Buttons.Single().Url);
    }

    [Fact]
    public async Task A_rate_limit_within_the_clients_patience_is_retried_and_the_message_arrives_once()
    {
        Server.FailNext("sendMessage", 429, retryAfterSeconds: 1);

        await Sender.SendAsync(LanId, new TextReply("Xin chờ"), CancellationToken.None);

        Assert.Equal(2, Server.CallCount("sendMessage"));
        Assert.Equal("Xin chờ", Assert.Single(Server.SentTo(Lan)).Text);
    }

    [Fact]
    public async Task A_rate_limit_beyond_the_clients_patience_becomes_ChatRateLimitedException()
    {
        Server.FailNext("sendMessage", 429, retryAfterSeconds: 120);

        var ex = await Assert.ThrowsAsync<ChatRateLimitedException>(() => Sender.SendAsync(LanId, new TextReply("Xin chờ"), CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.Equal(1, Server.CallCount("sendMessage"));
    }

    [Fact]
    public async Task A_chat_that_blocked_the_bot_is_marked_unreachable_and_the_send_throws()
    {
        Server.BlockChat(Lan);

        var ex = await Assert.ThrowsAsync<ChatUnreachableException>(() => Sender.SendAsync(LanId, new TextReply("Video xong rồi"), CancellationToken.None));

        Assert.Equal(("telegram", LanId), (ex.Channel, ex.ChatId));
        Assert.Equal([("telegram", LanId)], _bot.Reachability.Marked);
    }

    [Fact]
    public async Task Editing_a_message_changes_its_text_and_the_same_text_again_is_not_an_error()
    {
        var progress = await Sender.SendAsync(LanId, new TextReply("Đang tạo video… 10%"), CancellationToken.None);

        await Sender.EditTextAsync(LanId, progress.MessageId, "Đang tạo video… <b>50%</b>", CancellationToken.None);
        await Sender.EditTextAsync(LanId, progress.MessageId, "Đang tạo video… <b>50%</b>", CancellationToken.None);

        var edit = Assert.Single(Server.SentTo(Lan), m => m.Method == "editMessageText");
        Assert.Equal(("Đang tạo video… <b>50%</b>", "HTML"), (edit.Text, edit.ParseMode));
        Assert.Equal(2, Server.CallCount("editMessageText"));
    }

    private string TempFile(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sora-video-{Guid.NewGuid():N}.mp4");
        File.WriteAllBytes(path, content);
        _files.Add(path);
        return path;
    }
}
