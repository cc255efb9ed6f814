using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SoraGateway.Channels.Telegram;
using SoraGateway.Conversations;
using SoraGateway.Localization;
using SoraGateway.Persistence;
using SoraGateway.Tests.Infrastructure;
using SoraGateway.Testing.FakeTelegram;
using SoraGateway.WebhookHost;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SoraGateway.Tests.Channels;

public sealed class TelegramWebhookSpecs_Sqlite() : TelegramWebhookSpecs(DatabaseProvider.Sqlite);

public sealed class TelegramWebhookSpecs_Postgres() : TelegramWebhookSpecs(DatabaseProvider.Postgres);

/// <summary><c>POST /webhooks/telegram</c> through the real WebhookHost, with the fake Bot API behind it.</summary>
public abstract class TelegramWebhookSpecs(DatabaseProvider provider) : DatabaseSpecs(provider)
{
    private const string Secret = "s3cret_Token-for-tests";
    private const long Lan = 1001;

    private readonly StubChatProcessor _engine = new();
    private readonly RecordingReachability _reachability = new();
    private FakeBotApiServer _server = null!;
    private readonly List<IAsyncDisposable> _factories = [];
    private WebApplicationFactory<WebhookHostEntryPoint>? _host;
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _server = await FakeBotApiServer.StartAsync();
        var factory = new WebhookHostFactory(Database, new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:BotToken"] = _server.Token,
            ["Telegram:ApiBaseUrl"] = _server.BaseUrl.ToString(),
            ["Telegram:WebhookSecret"] = Secret,
            ["Links:PublicBaseUrl"] = "https://gateway.test/",
        });
        _factories.Add(factory); // disposing it disposes _host, derived from it
        _host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.AddSingleton<IChatInputProcessor>(_engine);
            services.AddSingleton<IChatReachability>(_reachability);
        }));
        _client = _host.CreateClient();
    }

    public override async Task DisposeAsync()
    {
        _client.Dispose();
        if (_host is not null)
            await _host.DisposeAsync();
        foreach (var factory in _factories)
            await factory.DisposeAsync();
        await _server.DisposeAsync();
        await base.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string body, string? secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return _client.SendAsync(request);
    }

    private static string Json(Update update) => JsonSerializer.Serialize(update, JsonBotAPI.Options);

    [Fact]
    public async Task At_start_telegram_is_pointed_at_the_gateway_with_the_secret_and_the_menu_is_registered()
    {
        Assert.True(await _host!.Services.GetRequiredService<TelegramWebhookRegistration>().Registered.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("https://gateway.test/webhooks/telegram", _server.WebhookUrl);
        Assert.Equal(Secret, _server.WebhookSecretToken);
        Assert.Equal(BotCommandTexts.All.Select(c => c.En), _server.CommandsFor("en")!.Select(c => c.Description));
    }

    [Fact]
    public async Task An_update_is_acknowledged_at_once_and_then_processed_and_answered()
    {
        _engine.Close("1001");

        var response = await PostAsync(Json(_server.EnqueueText(Lan, "xin chào")));

        // 200 while the engine is still held: the request did not wait for the processing.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var input = (await _engine.WaitForInputsAsync(1)).Single();
        Assert.Equal(("telegram", "1001", ChatInputKind.Text, "xin chào"), (input.Channel, input.ChatId, input.Kind, input.Text));
        _engine.Open("1001");
        Assert.Equal("echo: xin chào", (await _server.WaitForAsync(m => m.Method == "sendMessage")).Text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-secret")]
    [InlineData("s3cret_Token-for-test")]
    public async Task A_wrong_or_missing_secret_is_refused_with_403_and_nothing_is_processed(string? secret)
    {
        var refused = await PostAsync(Json(_server.EnqueueText(Lan, "giả mạo")), secret);
        await PostAsync(Json(_server.EnqueueText(Lan, "thật")));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        await _server.WaitForAsync(m => m.Method == "sendMessage" && m.Text == "echo: thật");
        Assert.Equal(["thật"], _engine.Inputs.Select(i => i.Text));
    }

    [Fact]
    public async Task The_same_update_delivered_twice_is_processed_once()
    {
        var update = Json(_server.EnqueueText(Lan, "một lần thôi"));

        var first = await PostAsync(update);
        var again = await PostAsync(update);
        await PostAsync(Json(_server.EnqueueText(Lan, "tiếp theo")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        await _server.WaitForAsync(m => m.Method == "sendMessage" && m.Text == "echo: tiếp theo");
        Assert.Equal(["một lần thôi", "tiếp theo"], _engine.Inputs.Select(i => i.Text));
    }

    [Fact]
    public async Task A_button_press_by_webhook_is_answered()
    {
        var response = await PostAsync(Json(_server.EnqueueCallback(Lan, 1, "buy:STARTER")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _server.WaitForAsync(m => m.Method == "answerCallbackQuery");
        Assert.Equal("buy:STARTER", (await _engine.WaitForInputsAsync(1)).Single().ButtonData);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"update_id":"abc"}""")]
    public async Task A_body_that_is_not_an_update_is_refused_with_400(string body)
    {
        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_engine.Inputs);
    }

    [Fact]
    public async Task With_webhook_mode_off_the_endpoint_answers_404()
    {
        await using var polling = new WebhookHostFactory(Database);
        using var client = polling.CreateClient();

        var response = await client.PostAsync(new Uri("/webhooks/telegram", UriKind.Relative),
            new StringContent("""{"update_id":1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
