using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Ledger;
using SoraGateway.Localization;
using SoraGateway.Payments;
using SoraGateway.Persistence;
using SoraGateway.Storage;
using SoraGateway.Users;
using SoraGateway.Videos.Jobs;
using SoraGateway.Videos.Offerings;

namespace SoraGateway.Conversations;

/// <summary>
/// The channel-agnostic conversation: turns one chat input into replies. Each input is applied in
/// one database transaction on the chat's versioned conversation row — the step, the draft, the
/// debit and the video job it pays for commit together or not at all — and re-evaluated from a
/// fresh read if another instance changed the chat meanwhile.
/// </summary>
public sealed partial class ConversationEngine(
    GatewayDbContext db,
    UserDirectory users,
    CreditLedger ledger,
    CreditPackageCatalog packages,
    PaymentOrders orders,
    PaymentReconciler reconciler,
    VideoOfferingCatalog offerings,
    MediaStore media,
    IOptions<ConversationOptions> options,
    IOptions<PaymentOptions> paymentOptions,
    IOptions<VideoJobOptions> jobOptions,
    TimeProvider time,
    ILogger<ConversationEngine> logger) : IChatInputProcessor
{
    private const int MaxAttempts = 5;
    private static readonly JsonSerializerOptions DraftJson = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public async Task<ChatResponse> ProcessAsync(ChatInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ChannelNames.IsKnown(input.Channel))
            throw new ArgumentException($"Unknown channel '{input.Channel}'.", nameof(input));

        // Slow or outside work happens before the transaction: it must not hold the chat's row.
        var (kind, parts) = ButtonData.Parse(input.ButtonData);
        if (input.Kind == ChatInputKind.Button && kind == "o" && parts is ["paid", var code])
            return await CheckPaymentAsync(input, code, ct);
        string? photoPath = null;
        if (input.Kind == ChatInputKind.Photo && input.Photo is { } photo)
            photoPath = await media.SavePhotoAsync(photo, ct);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ProcessOnceAsync(input, photoPath, ct);
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts)
            {
                // Another update of this chat (another instance, or a first message racing a
                // second) committed first: start again from what it left.
                logger.LogInformation("Conversation {Channel}:{Chat} changed underneath (attempt {Attempt}): {Error}",
                    input.Channel, input.ChatId, attempt, ex.GetType().Name);
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<ChatResponse> ProcessOnceAsync(ChatInput input, string? photoPath, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindOrCreateAsync(input.Channel, input.Sender.ExternalUserId, input.Sender.DisplayName, input.Sender.LanguageCode, ct);
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Channel == input.Channel && c.ChatId == input.ChatId, ct);
        if (conversation is null)
        {
            conversation = new Conversation { Channel = input.Channel, ChatId = input.ChatId, UserId = user.Id, UpdatedAt = now, ExpiresAt = now };
            db.Conversations.Add(conversation);
        }

        var turn = new Turn(input, user, conversation, ReadDraft(conversation), photoPath, now);
        conversation.Unreachable = false;
        if (conversation.State != ConversationState.Idle && conversation.ExpiresAt <= now)
        {
            turn.Fire(ConversationTrigger.Expire);
            turn.Draft = new ConversationDraft();
            if (input.Kind != ChatInputKind.Command)
                turn.Say(Messages.SessionExpired);
        }

        await DispatchAsync(turn, ct);

        conversation.DraftJson = JsonSerializer.Serialize(turn.Draft, DraftJson);
        conversation.Version++;
        conversation.UpdatedAt = now;
        conversation.ExpiresAt = now.AddMinutes(options.Value.IdleMinutes);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ChatResponse(turn.Replies, turn.CallbackAnswer);
    }

    private Task DispatchAsync(Turn turn, CancellationToken ct) => turn.Input.Kind switch
    {
        ChatInputKind.Command => OnCommandAsync(turn, turn.Input.Command ?? "", turn.Input.CommandArgument, ct),
        ChatInputKind.Button => OnButtonAsync(turn, ct),
        ChatInputKind.Photo => OnPhotoAsync(turn, ct),
        _ => OnTextAsync(turn, turn.Input.Text ?? "", ct),
    };

    private async Task OnCommandAsync(Turn turn, string command, string? argument, CancellationToken ct)
    {
        switch (command)
        {
            case "start":
                if (!string.IsNullOrWhiteSpace(argument) && turn.User.StartParameter is null)
                {
                    var parameter = argument.Length > 64 ? argument[..64] : argument;
                    await db.Users.Where(u => u.Id == turn.User.Id && u.StartParameter == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(u => u.StartParameter, parameter), ct);
                }

                turn.Fire(ConversationTrigger.Start);
                turn.Draft = new ConversationDraft();
                await ShowWelcomeAsync(turn, ct);
                break;
            case "help":
                turn.Say(Messages.Help, MainMenu(turn.Language));
                break;
            case "video":
                await StartVideoAsync(turn, ct);
                break;
            case "buy":
                await StartBuyAsync(turn, ct);
                break;
            case "balance":
                turn.Say(Messages.Balance, Formats.Credits(await ledger.GetBalanceAsync(turn.User.Id, ct), turn.Language));
                break;
            case "history":
                await ShowHistoryAsync(turn, PageArgument(argument), ct);
                break;
            case "videos":
                await ShowVideosAsync(turn, PageArgument(argument), ct);
                break;
            case "stats":
                await ShowStatsAsync(turn, ct);
                break;
            case "language":
                turn.Add(new TextReply(Messages.ChooseLanguage.In(turn.Language))
                {
                    Buttons = [[new ChatButton("🇻🇳 Tiếng Việt", ButtonData.Language(Languages.Vietnamese)), new ChatButton("🇬🇧 English", ButtonData.Language(Languages.English))]],
                });
                break;
            case "cancel":
                if (turn.Conversation.State == ConversationState.Idle)
                {
                    turn.Say(Messages.NothingToCancel);
                }
                else
                {
                    turn.Fire(ConversationTrigger.Cancel);
                    turn.Draft = new ConversationDraft();
                    turn.Say(Messages.Cancelled);
                }

                break;
            default:
                turn.Say(Messages.UnknownCommand);
                break;
        }
    }

    private async Task OnButtonAsync(Turn turn, CancellationToken ct)
    {
        var (kind, parts) = ButtonData.Parse(turn.Input.ButtonData);
        switch (kind, parts)
        {
            case ("a", [var action]):
                await OnCommandAsync(turn, action, null, ct);
                break;
            case ("l", [var language]):
                var normalized = Languages.Normalize(language);
                await users.SetLanguageAsync(turn.User.Id, normalized, ct);
                turn.Language = normalized;
                turn.Say(Messages.LanguageSet, MainMenu(normalized));
                break;
            case ("h", [var page]):
                await ShowHistoryAsync(turn, PageArgument(page), ct);
                break;
            case ("v", [var page]):
                await ShowVideosAsync(turn, PageArgument(page), ct);
                break;
            case ("j", [var action, var id]) when Guid.TryParseExact(id, "N", out var jobId):
                await OnVideoActionAsync(turn, action, jobId, ct);
                break;
            case ("o", ["cancel", var code]):
                var cancelled = await orders.CancelAsync(turn.User.Id, code, ct);
                turn.Say(cancelled ? Messages.OrderCancelled : Messages.OrderNotCancellable, Html.Escape(code));
                break;
            case ("m", [var token, var value]):
                if (token != turn.Conversation.MenuToken)
                {
                    turn.CallbackAnswer = Messages.MenuOutOfDate.In(turn.Language);
                    turn.Say(Messages.MenuOutOfDate);
                    await ShowStepAsync(turn, ct);
                }
                else
                {
                    await OnChoiceAsync(turn, value, ct);
                }

                break;
            default:
                turn.CallbackAnswer = Messages.MenuOutOfDate.In(turn.Language);
                await ShowStepAsync(turn, ct);
                break;
        }
    }

    private async Task OnChoiceAsync(Turn turn, string value, CancellationToken ct)
    {
        if (value == "x")
        {
            await OnCommandAsync(turn, "cancel", null, ct);
            return;
        }

        switch (turn.Conversation.State)
        {
            case ConversationState.AwaitingDuration:
            case ConversationState.AwaitingResolution:
            case ConversationState.AwaitingQuality:
            case ConversationState.Confirming:
                await OnVideoChoiceAsync(turn, value, ct);
                break;
            case ConversationState.ChoosingPackage:
                await OnPackageChosenAsync(turn, value, ct);
                break;
            default:
                await ShowStepAsync(turn, ct);
                break;
        }
    }

    private async Task OnTextAsync(Turn turn, string text, CancellationToken ct)
    {
        switch (turn.Conversation.State)
        {
            case ConversationState.Idle:
            case ConversationState.AwaitingPrompt:
                await AcceptPromptAsync(turn, text, ct);
                break;
            default:
                turn.Say(Messages.UseButtons);
                await ShowStepAsync(turn, ct);
                break;
        }
    }

    /// <summary>Draws the menu of the current step again, with a fresh token.</summary>
    private Task ShowStepAsync(Turn turn, CancellationToken ct) => turn.Conversation.State switch
    {
        ConversationState.Idle => ShowWelcomeAsync(turn, ct),
        ConversationState.ChoosingPackage => ShowPackagesAsync(turn, ct),
        _ => ShowVideoStepAsync(turn, ct),
    };

    private static int PageArgument(string? argument) =>
        int.TryParse(argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) && page is >= 0 and < 10_000 ? page : 0;

    private static ConversationDraft ReadDraft(Conversation conversation) =>
        string.IsNullOrEmpty(conversation.DraftJson)
            ? new ConversationDraft()
            : JsonSerializer.Deserialize<ConversationDraft>(conversation.DraftJson, DraftJson) ?? new ConversationDraft();

    /// <summary>The main menu under a welcome or help message.</summary>
    private static IReadOnlyList<IReadOnlyList<ChatButton>> MainMenu(string language) =>
    [
        [new ChatButton(Messages.MenuVideo.In(language), ButtonData.Action("video")), new ChatButton(Messages.MenuBuy.In(language), ButtonData.Action("buy"))],
        [new ChatButton(Messages.MenuBalance.In(language), ButtonData.Action("balance")), new ChatButton(Messages.MenuVideos.In(language), ButtonData.Action("videos"))],
        [new ChatButton(Messages.MenuHelp.In(language), ButtonData.Action("help"))],
    ];

    /// <summary>Everything one input produces, and the conversation it moves.</summary>
    private sealed class Turn(ChatInput input, User user, Conversation conversation, ConversationDraft draft, string? photoPath, DateTime now)
    {
        private readonly List<Reply> _replies = [];
        private readonly Stateless.StateMachine<ConversationState, ConversationTrigger> _machine =
            ConversationFlow.Build(() => conversation.State, s => conversation.State = s);

        public ChatInput Input { get; } = input;
        public User User { get; } = user;
        public Conversation Conversation { get; } = conversation;
        public ConversationDraft Draft { get; set; } = draft;
        public string? PhotoPath { get; } = photoPath;
        public DateTime Now { get; } = now;
        public string Language { get; set; } = Languages.Normalize(user.Language);
        public string? CallbackAnswer { get; set; }
        public IReadOnlyList<Reply> Replies => _replies;

        public void Fire(ConversationTrigger trigger) => _machine.Fire(trigger);

        public void Add(Reply reply) => _replies.Add(reply);

        public void Say(Text text, params object?[] args) => _replies.Add(new TextReply(text.In(Language, args)));

        public void Say(Text text, IReadOnlyList<IReadOnlyList<ChatButton>> buttons, params object?[] args) =>
            _replies.Add(new TextReply(text.In(Language, args)) { Buttons = buttons });

        /// <summary>A new menu invalidates every button of the previous one.</summary>
        public string NewMenuToken() => Conversation.MenuToken = ButtonData.NewMenuToken();
    }
}
