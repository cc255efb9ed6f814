using SoraGateway.Localization;
using SoraGateway.Users;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace SoraGateway.Channels.Telegram;

/// <summary>The bot's command menu (the "/" button), registered with <c>setMyCommands</c> at start.</summary>
public sealed class TelegramCommandMenu(ITelegramBotClient bot)
{
    /// <summary>
    /// Registers <see cref="BotCommandTexts.All"/> for users whose app speaks English (<c>en</c>) or
    /// Vietnamese (<c>vi</c>), and in Vietnamese for everyone else (no language code).
    /// </summary>
    public async Task RegisterAsync(CancellationToken ct)
    {
        await bot.SetMyCommands(Commands(Languages.Vietnamese), scope: BotCommandScope.Default(), cancellationToken: ct);
        await bot.SetMyCommands(Commands(Languages.Vietnamese), scope: BotCommandScope.Default(), languageCode: Languages.Vietnamese, cancellationToken: ct);
        await bot.SetMyCommands(Commands(Languages.English), scope: BotCommandScope.Default(), languageCode: Languages.English, cancellationToken: ct);
    }

    /// <summary>The menu in one language.</summary>
    public static IReadOnlyList<BotCommand> Commands(string language) =>
        [.. BotCommandTexts.All.Select(c => new BotCommand(c.Command, c.Description(language)))];
}
