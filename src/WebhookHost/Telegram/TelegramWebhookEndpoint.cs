using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SoraGateway.Channels;
using SoraGateway.Channels.Telegram;
using SoraGateway.Users;
using SoraGateway.Webhooks;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SoraGateway.WebhookHost.Telegram;

/// <summary><c>POST /webhooks/telegram</c>: updates Telegram posts in webhook mode.</summary>
public static class TelegramWebhookEndpoint
{
    /// <summary>The header in which Telegram repeats the secret given to <c>setWebhook</c>.</summary>
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    // An update is a few KB; photos arrive as file ids, not bytes.
    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// Checks the secret (403), reads the update (400), drops a repeat (Telegram re-sends until it
    /// gets a 2xx), queues the update for its chat and answers 200 at once: Telegram holds back the
    /// chat's next updates until we answer, so the work must not happen inside the request.
    /// Answers 404 when Telegram is not in webhook mode.
    /// </summary>
    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(TelegramWebhookRegistration.Path, async (HttpRequest request, IServiceProvider services, CancellationToken ct) =>
        {
            var options = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
            if (!options.IsWebhookActive || services.GetService<TelegramUpdateHandler>() is not { } handler)
                return Results.Problem("Telegram updates arrive by polling, not by webhook.", statusCode: StatusCodes.Status404NotFound,
                    title: "Telegram webhook mode is off");

            if (!SecretMatches(request.Headers[SecretHeader].FirstOrDefault(), options.WebhookSecret))
                return Results.Problem("The secret token is missing or wrong.", statusCode: StatusCodes.Status403Forbidden,
                    title: "Not Telegram");

            var body = await RequestBody.ReadAsync(request, MaxBodyBytes, ct);
            if (body is null)
                return Results.Problem($"The body is larger than {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
            if (ReadUpdate(body.Value) is not { } update)
                return Results.Problem("The body is not a Telegram update.", statusCode: StatusCodes.Status400BadRequest,
                    title: "Not a Telegram update");

            var deduplicator = services.GetRequiredService<WebhookDeduplicator>();
            if (!await deduplicator.FirstTimeAsync(ChannelNames.Telegram, update.Id.ToString(CultureInfo.InvariantCulture), ct))
                return Results.Ok();

            services.GetRequiredService<ChatDispatcher>()
                .Enqueue(TelegramUpdateHandler.ChatKeyOf(update), token => handler.HandleAsync(update, token));
            return Results.Ok();
        });
        return app;
    }

    private static bool SecretMatches(string? received, string? expected) =>
        !string.IsNullOrEmpty(received) && !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(received), Encoding.UTF8.GetBytes(expected));

    private static Update? ReadUpdate(ReadOnlyMemory<byte> body)
    {
        try
        {
            var update = JsonSerializer.Deserialize<Update>(body.Span, JsonBotAPI.Options);
            // Telegram's update ids are positive; an object without one is not an update.
            return update is { Id: > 0 } ? update : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
