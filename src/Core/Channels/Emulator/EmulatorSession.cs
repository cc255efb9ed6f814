using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SoraGateway.Conversations;
using SoraGateway.Ledger;
using SoraGateway.Localization;
using SoraGateway.Outbox;
using SoraGateway.Payments;
using SoraGateway.Payments.Casso;
using SoraGateway.Persistence;
using SoraGateway.Users;

namespace SoraGateway.Channels.Emulator;

/// <summary>
/// The local emulator's chat loop: reads lines (typed or piped), feeds them to the same
/// conversation engine the bots use, prints the replies, and simulates the bank: <c>/pay</c>
/// sends a signed Casso webhook for the latest open order through the real ingestion path.
/// Ends at end of input (piped sessions) or <c>/quit</c>.
/// </summary>
public sealed class EmulatorSession(
    EmulatorConsole console,
    IServiceScopeFactory scopes,
    OutboxDispatcher outbox,
    IOptions<CassoOptions> casso,
    IOptions<EmulatorOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    private static readonly ChatSender Me = new(EmulatorConsole.UserId, "Bạn", Languages.Vietnamese);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (migrations run in a hosted service before us).
        await Task.Yield();
        console.Say(Html.ToPlainText(Messages.EmulatorBanner.In(Languages.Vietnamese)));
        await HandleAsync(new ChatInput(ChannelNames.Emulator, EmulatorConsole.ChatId, Me, ChatInputKind.Command, Text: "/start"), stoppingToken);
        await GrantDemoCreditsAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            var line = await console.Input.ReadLineAsync(stoppingToken);
            if (line is null || line.Trim() == "/quit")
                break;
            line = line.Trim();
            if (line.Length == 0)
                continue;
            console.Say("> " + line);
            await OnLineAsync(line, stoppingToken);
        }

        console.Say(Html.ToPlainText(Messages.EmulatorBye.In(Languages.Vietnamese)));
        lifetime.StopApplication();
    }

    private async Task OnLineAsync(string line, CancellationToken ct)
    {
        if (int.TryParse(line, System.Globalization.CultureInfo.InvariantCulture, out var number) && console.Choice(number) is { Data: { } data })
        {
            await HandleAsync(Input(ChatInputKind.Button, buttonData: data), ct);
        }
        else if (line == "/pay")
        {
            await PayLatestOrderAsync(ct);
        }
        else if (line.StartsWith("/photo ", StringComparison.Ordinal))
        {
            var parts = line[7..].Trim().Split(' ', 2);
            if (!File.Exists(parts[0]))
            {
                console.Say(Html.ToPlainText(Messages.EmulatorFileNotFound.In(Languages.Vietnamese, parts[0])));
                return;
            }

            await HandleAsync(Input(ChatInputKind.Photo, text: parts.Length > 1 ? parts[1] : null, photo: await File.ReadAllBytesAsync(parts[0], ct)), ct);
        }
        else
        {
            await HandleAsync(Input(ChatInput.KindOfText(line), text: line), ct);
        }
    }

    private static ChatInput Input(ChatInputKind kind, string? text = null, byte[]? photo = null, string? buttonData = null) =>
        new(ChannelNames.Emulator, EmulatorConsole.ChatId, Me, kind, text, photo, buttonData);

    private async Task HandleAsync(ChatInput input, CancellationToken ct)
    {
        ChatResponse response;
        await using (var scope = scopes.CreateAsyncScope())
            response = await scope.ServiceProvider.GetRequiredService<IChatInputProcessor>().ProcessAsync(input, ct);
        console.BeginResponse();
        if (response.CallbackAnswer is { } toast)
            console.Say("💬 " + toast);
        foreach (var reply in response.Replies)
            await console.SendAsync(EmulatorConsole.ChatId, reply, ct);
        // Deliver what the input queued (payment news) before reading the next line.
        await outbox.DeliverDueAsync(ct);
    }

    /// <summary>Plays the bank and Casso: a signed V2 webhook for the missing amount of the latest open order.</summary>
    private async Task PayLatestOrderAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var user = await sp.GetRequiredService<UserDirectory>().FindAsync(ChannelNames.Emulator, EmulatorConsole.UserId, ct);
        var order = user is null ? null : await sp.GetRequiredService<GatewayDbContext>().PaymentOrders.AsNoTracking()
            .Where(o => o.UserId == user.Id && (o.Status == PaymentOrderStatus.Pending || o.Status == PaymentOrderStatus.Underpaid))
            .OrderByDescending(o => o.Id).FirstOrDefaultAsync(ct);
        if (order is null)
        {
            console.Say(Html.ToPlainText(Messages.EmulatorNoOpenOrder.In(Languages.Vietnamese)));
            return;
        }

        var now = time.GetUtcNow();
        var amount = order.MissingVnd;
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            error = 0,
            data = new
            {
                id = now.ToUnixTimeMilliseconds(),
                reference = $"FT{now:yyMMddHHmmss}",
                description = $"MBVCB.{now:HHmmss}.{order.OrderCode}.CT tu 0011004 NGUOI DUNG THU",
                amount,
                runningBalance = 0,
                transactionDateTime = now.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                accountNumber = "",
                bankName = "Emulator",
                bankAbbreviation = "EMU",
                virtualAccountNumber = "",
                virtualAccountName = "",
                counterAccountName = "NGUOI DUNG THU",
                counterAccountNumber = "",
                counterAccountBankId = "",
                counterAccountBankName = "",
            },
        });
        var signature = CassoSignature.SignV2(body, casso.Value.WebhookKey, now.ToUnixTimeMilliseconds());
        console.Say(Html.ToPlainText(Messages.EmulatorTransferSent.In(Languages.Vietnamese, Formats.Vnd(amount, Languages.Vietnamese), order.OrderCode)));
        await sp.GetRequiredService<CassoWebhookReceiver>().ReceiveAsync(body, signature, null, ct);
        console.BeginResponse();
        await outbox.DeliverDueAsync(ct);
    }

    /// <summary>A labelled demo balance so that a new user can try the video flow at once.</summary>
    private async Task GrantDemoCreditsAsync(CancellationToken ct)
    {
        if (options.Value.DemoCredits <= 0)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserDirectory>().FindAsync(ChannelNames.Emulator, EmulatorConsole.UserId, ct);
        if (user is null)
            return;
        var grant = await scope.ServiceProvider.GetRequiredService<CreditLedger>().CreditAsync(new LedgerPosting(user.Id, options.Value.DemoCredits,
            LedgerKind.Grant, $"demo:emulator:{user.Id}", "emulator", Note: "demo credits (local emulator)"), ct);
        if (grant.Status == LedgerStatus.Applied)
            console.Say(Html.ToPlainText(Messages.DemoGrant.In(Languages.Vietnamese, options.Value.DemoCredits)));
    }
}

/// <summary><c>Emulator</c> section.</summary>
public sealed class EmulatorOptions
{
    public const string Section = "Emulator";

    /// <summary>Demo credits given once to the local user (0 = none).</summary>
    public long DemoCredits { get; set; } = 100;
}
