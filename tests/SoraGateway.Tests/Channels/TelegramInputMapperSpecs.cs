using System.Text.Json;
using System.Text.Json.Nodes;
using SoraGateway.Channels.Telegram;
using SoraGateway.Conversations;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SoraGateway.Tests.Channels;

/// <summary>Which updates become engine inputs, and how.</summary>
public sealed class TelegramInputMapperSpecs : IAsyncLifetime
{
    private TelegramTestHost _bot = null!;

    private TelegramInputMapper Mapper => _bot.Get<TelegramInputMapper>();

    public async Task InitializeAsync() =>
        _bot = await TelegramTestHost.StartAsync(poll: false, settings: new Dictionary<string, string?> { ["Telegram:MaxPhotoBytes"] = "2048" });

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task The_largest_photo_size_within_the_byte_limit_is_downloaded()
    {
        var update = _bot.Server.EnqueuePhoto(1001, TestImages.Jpeg, caption: "bay lên");
        var fits = update.Message!.Photo!.Single();
        // Telegram lists several sizes; the biggest is over the 2 KB limit and must not be fetched.
        update.Message.Photo = [new PhotoSize { FileId = "thumb", FileUniqueId = "t", Width = 8, Height = 4, FileSize = 100 }, fits,
            new PhotoSize { FileId = "huge", FileUniqueId = "h", Width = 4096, Height = 2048, FileSize = 3_000_000 }];

        var input = await Mapper.MapAsync(update, CancellationToken.None);

        Assert.Equal(ChatInputKind.Photo, input!.Kind);
        Assert.Equal(TestImages.Jpeg, input.Photo);
        Assert.Equal("bay lên", input.Text);
        Assert.Equal(1, _bot.Server.CallCount("getFile"));
    }

    [Fact]
    public async Task A_photo_too_large_in_every_size_arrives_without_bytes()
    {
        var update = Parse("""{"update_id":5,"message":{"message_id":3,"date":1,"chat":{"id":1001,"type":"private"},"from":{"id":1001,"is_bot":false,"first_name":"Lan"},"photo":[{"file_id":"big","file_unique_id":"b","width":2000,"height":1000,"file_size":900000}]}}""");

        var input = await Mapper.MapAsync(update, CancellationToken.None);

        Assert.Equal((ChatInputKind.Photo, null), (input!.Kind, input.Photo));
        Assert.Equal(0, _bot.Server.CallCount("getFile"));
    }

    [Fact]
    public async Task A_button_press_takes_the_chat_from_its_message_and_the_sender_from_its_presser()
    {
        var update = _bot.Server.EnqueueCallback(-100_200, 9, "confirm:v3", fromId: 77, firstName: "Minh", languageCode: "en");
        update.CallbackQuery!.From.LastName = "Trần";

        var input = await Mapper.MapAsync(update, CancellationToken.None);

        Assert.Equal(new ChatInput("telegram", "-100200", new ChatSender("77", "Minh Trần", "en"), ChatInputKind.Button, ButtonData: "confirm:v3"), input);
    }

    [Theory]
    [InlineData("""{"update_id":1,"edited_message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"A"},"text":"sửa"}}""")]
    [InlineData("""{"update_id":2,"channel_post":{"message_id":1,"date":1,"chat":{"id":-1005,"type":"channel","title":"C"},"text":"tin"}}""")]
    [InlineData("""{"update_id":3,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"A"},"sticker":{"file_id":"s","file_unique_id":"s","type":"regular","width":512,"height":512,"is_animated":false,"is_video":false}}}""")]
    [InlineData("""{"update_id":4,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"is_bot":false,"first_name":"A"},"new_chat_title":"x"}}""")]
    [InlineData("""{"update_id":6,"callback_query":{"id":"9","from":{"id":5,"is_bot":false,"first_name":"A"},"chat_instance":"1","inline_message_id":"abc","data":"x"}}""")]
    public async Task Anything_but_text_photos_and_button_presses_is_ignored(string json)
    {
        Assert.Null(await Mapper.MapAsync(Parse(json), CancellationToken.None));
    }

    private static Update Parse(string json) => JsonSerializer.Deserialize<Update>(JsonNode.Parse(json)!.ToJsonString(), JsonBotAPI.Options)!;
}
