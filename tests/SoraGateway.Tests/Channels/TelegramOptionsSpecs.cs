using Microsoft.Extensions.Options;
using SoraGateway.Channels.Telegram;

namespace SoraGateway.Tests.Channels;

/// <summary>A wrong Telegram setting stops the start with a message that names the key, never the secret.</summary>
public sealed class TelegramOptionsSpecs
{
    private const string Token = "123456:SECRET-token-value";

    private static async Task<OptionsValidationException> StartFailureAsync(Dictionary<string, string?> settings, bool webhook = false)
    {
        using var host = TelegramTestHost.Build(settings, (services, configuration) =>
        {
            services.AddTelegramChannel(configuration);
            if (webhook)
                services.AddTelegramWebhook();
            else
                services.AddTelegramPolling();
        });
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("abc:def")]
    [InlineData("123456:")]
    public async Task A_malformed_bot_token_stops_the_start_naming_the_key_but_not_the_value(string token)
    {
        var failure = await StartFailureAsync(new() { ["Telegram:BotToken"] = token });

        Assert.Contains("Telegram:BotToken", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Polling_without_a_bot_token_stops_the_start()
    {
        var failure = await StartFailureAsync(new());

        Assert.Contains("Telegram:BotToken is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_mode_without_a_secret_stops_the_start_naming_the_key()
    {
        var failure = await StartFailureAsync(new() { ["Telegram:BotToken"] = Token, ["Telegram:Mode"] = "Webhook", ["Links:PublicBaseUrl"] = "https://gw.test" },
            webhook: true);

        Assert.Contains("Telegram:WebhookSecret is required", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("dấu")]
    [InlineData("semi;colon")]
    public async Task A_webhook_secret_outside_the_allowed_characters_stops_the_start(string secret)
    {
        var failure = await StartFailureAsync(new() { ["Telegram:BotToken"] = Token, ["Telegram:Mode"] = "Webhook", ["Telegram:WebhookSecret"] = secret,
            ["Links:PublicBaseUrl"] = "https://gw.test" }, webhook: true);

        Assert.Contains("Telegram:WebhookSecret must be", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_mode_without_a_public_base_url_stops_the_start_naming_the_key()
    {
        var failure = await StartFailureAsync(new() { ["Telegram:BotToken"] = Token, ["Telegram:Mode"] = "Webhook", ["Telegram:WebhookSecret"] = "s3cret" },
            webhook: true);

        Assert.Contains("Links:PublicBaseUrl", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Telegram:ApiBaseUrl", "not a url")]
    [InlineData("Telegram:PollingTimeoutSeconds", "90")]
    [InlineData("Telegram:MaxParallelChats", "0")]
    [InlineData("Telegram:MaxPhotoBytes", "10")]
    public async Task Out_of_range_settings_stop_the_start_naming_the_key(string key, string value)
    {
        var failure = await StartFailureAsync(new() { ["Telegram:BotToken"] = Token, [key] = value });

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_poll_telegram_with_64_chats_at_a_time_and_10_MB_photos()
    {
        var options = new TelegramOptions();

        Assert.Equal((TelegramMode.Polling, "https://api.telegram.org", 30, 64, 10 * 1024 * 1024),
            (options.Mode, options.ApiBaseUrl, options.PollingTimeoutSeconds, options.MaxParallelChats, options.MaxPhotoBytes));
    }

    [Fact]
    public void ToString_never_shows_the_token_or_the_secret()
    {
        var text = new TelegramOptions { BotToken = Token, WebhookSecret = "very_secret-42", Mode = TelegramMode.Webhook }.ToString();

        Assert.DoesNotContain("SECRET-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very_secret", text, StringComparison.Ordinal);
        Assert.Contains("BotToken=set", text, StringComparison.Ordinal);
    }
}
