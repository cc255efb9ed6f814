using Microsoft.EntityFrameworkCore;
using SoraGateway.Ledger;
using SoraGateway.Localization;
using SoraGateway.Videos.Jobs;
using SoraGateway.Videos.Offerings;
using SoraGateway.Videos.Providers;

namespace SoraGateway.Conversations;

// The video flow: prompt → duration → resolution/frame → quality → confirm (debit + job).
public sealed partial class ConversationEngine
{
    private async Task StartVideoAsync(Turn turn, CancellationToken ct)
    {
        // A complete draft left for lack of credits is picked up where it was.
        if (IsComplete(turn.Draft) && !await db.VideoJobs.AnyAsync(j => j.Id == turn.Draft.JobId, ct))
        {
            turn.Fire(ConversationTrigger.ResumeDraft);
            await ShowVideoStepAsync(turn, ct);
            return;
        }

        turn.Fire(ConversationTrigger.NewVideo);
        turn.Draft = new ConversationDraft();
        turn.NewMenuToken();
        turn.Add(new TextReply(Messages.AskPrompt.In(turn.Language, options.Value.PromptMinLength, options.Value.PromptMaxLength))
        {
            Buttons = [[new ChatButton(Messages.CancelButton.In(turn.Language), ButtonData.Choice(turn.Conversation.MenuToken, "x"))]],
        });
    }

    private async Task AcceptPromptAsync(Turn turn, string text, CancellationToken ct)
    {
        var prompt = text.Trim();
        if (!IsValidPrompt(turn, prompt))
            return;
        // Free text in Idle starts a new video; in AwaitingPrompt it completes the draft (which may hold a photo).
        var draft = turn.Conversation.State == ConversationState.Idle ? new ConversationDraft() : turn.Draft;
        turn.Draft = draft with { Prompt = prompt };
        turn.Fire(ConversationTrigger.PromptAccepted);
        await ShowVideoStepAsync(turn, ct);
    }

    private async Task OnPhotoAsync(Turn turn, CancellationToken ct)
    {
        if (turn.PhotoPath is null)
        {
            turn.Say(Messages.PhotoUnreadable);
            return;
        }

        var caption = turn.Input.Text?.Trim();
        turn.Draft = new ConversationDraft { ImagePath = turn.PhotoPath };
        if (string.IsNullOrEmpty(caption))
        {
            turn.Fire(ConversationTrigger.PhotoWithoutCaption);
            turn.NewMenuToken();
            turn.Say(Messages.AskCaption, options.Value.PromptMinLength, options.Value.PromptMaxLength);
            return;
        }

        if (!IsValidPrompt(turn, caption))
        {
            turn.Fire(ConversationTrigger.PhotoWithoutCaption);
            return;
        }

        turn.Draft = turn.Draft with { Prompt = caption };
        turn.Fire(ConversationTrigger.PhotoWithCaption);
        await ShowVideoStepAsync(turn, ct);
    }

    private bool IsValidPrompt(Turn turn, string prompt)
    {
        var length = prompt.Length;
        if (length < options.Value.PromptMinLength)
        {
            turn.Say(Messages.PromptTooShort, length, options.Value.PromptMinLength);
            return false;
        }

        if (length > options.Value.PromptMaxLength)
        {
            turn.Say(Messages.PromptTooLong, length, options.Value.PromptMaxLength);
            return false;
        }

        return true;
    }

    private async Task OnVideoChoiceAsync(Turn turn, string value, CancellationToken ct)
    {
        var draft = turn.Draft;
        switch (turn.Conversation.State)
        {
            case ConversationState.AwaitingDuration when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                && offerings.Durations(Filter(draft)).Contains(seconds):
                turn.Draft = draft with { DurationSeconds = seconds };
                turn.Fire(ConversationTrigger.DurationChosen);
                break;
            case ConversationState.AwaitingResolution when ParseFrame(value) is var (resolution, orientation)
                && offerings.Matching(Filter(draft) with { Resolution = resolution, Orientation = orientation }).Count > 0:
                turn.Draft = draft with { Resolution = resolution, Orientation = OrientationName(orientation) };
                turn.Fire(ConversationTrigger.ResolutionChosen);
                break;
            case ConversationState.AwaitingQuality when offerings.OfferingsFor(Filter(draft)).Any(o => o.Code == value):
                turn.Draft = draft with { OfferingCode = value };
                turn.Fire(ConversationTrigger.QualityChosen);
                break;
            case ConversationState.Confirming when value == "ok":
                await ConfirmAsync(turn, ct);
                return;
            default:
                turn.Say(Messages.UseButtons);
                break;
        }

        await ShowVideoStepAsync(turn, ct);
    }

    /// <summary>Draws the current video step (or the confirm screen) with a fresh token.</summary>
    private async Task ShowVideoStepAsync(Turn turn, CancellationToken ct)
    {
        var language = turn.Language;
        var draft = turn.Draft;
        var filter = Filter(draft);
        switch (turn.Conversation.State)
        {
            case ConversationState.AwaitingPrompt:
                turn.NewMenuToken();
                turn.Say(draft.ImagePath is null ? Messages.AskPrompt : Messages.AskCaption, options.Value.PromptMinLength, options.Value.PromptMaxLength);
                return;
            case ConversationState.AwaitingDuration:
                var token = turn.NewMenuToken();
                turn.Say(Messages.AskDuration, Rows(offerings.Durations(filter)
                    .Select(d => new ChatButton(Messages.DurationButton.In(language, d), ButtonData.Choice(token, d.ToString(System.Globalization.CultureInfo.InvariantCulture)))), 3, token, language));
                return;
            case ConversationState.AwaitingResolution:
                token = turn.NewMenuToken();
                var frames = offerings.Matching(filter).Select(c => (c.Resolution, c.Orientation)).Distinct()
                    .OrderBy(f => ResolutionRank(f.Resolution)).ThenBy(f => f.Orientation);
                turn.Say(Messages.AskResolution, Rows(frames.Select(f =>
                    new ChatButton($"{f.Resolution} {FrameLabel(f.Orientation, language)}", ButtonData.Choice(token, $"{f.Resolution}-{(f.Orientation == VideoOrientation.Landscape ? 'l' : 'p')}"))), 2, token, language));
                return;
            case ConversationState.AwaitingQuality:
                token = turn.NewMenuToken();
                turn.Say(Messages.AskQuality, Rows(offerings.Matching(filter).OrderBy(c => c.PriceCredits).Select(c =>
                    new ChatButton(Messages.QualityButton.In(language, c.Offering.Label(language), Formats.Credits(c.PriceCredits, language)),
                        ButtonData.Choice(token, c.Offering.Code))), 1, token, language));
                return;
            case ConversationState.Confirming:
                await ShowConfirmationAsync(turn, ct);
                return;
        }
    }

    private async Task ShowConfirmationAsync(Turn turn, CancellationToken ct)
    {
        var language = turn.Language;
        var choice = FindChoice(turn.Draft);
        if (choice is null)
        {
            CatalogChanged(turn);
            await ShowVideoStepAsync(turn, ct);
            return;
        }

        var balance = await ledger.GetBalanceAsync(turn.User.Id, ct);
        var token = turn.NewMenuToken();
        var summary = Messages.ConfirmSummary.In(language,
            turn.Draft.ImagePath is null ? "" : Messages.FromPhoto.In(language),
            Html.Escape(turn.Draft.Prompt), choice.DurationSeconds, choice.Resolution, FrameLabel(choice.Orientation, language),
            Html.Escape(choice.Offering.Label(language)), Formats.Credits(choice.PriceCredits, language),
            Formats.Credits(balance, language), Formats.Credits(Math.Max(0, balance - choice.PriceCredits), language));
        if (balance >= choice.PriceCredits)
        {
            turn.Add(new TextReply(summary)
            {
                Buttons = [[new ChatButton(Messages.ConfirmButton.In(language), ButtonData.Choice(token, "ok")), new ChatButton(Messages.CancelButton.In(language), ButtonData.Choice(token, "x"))]],
            });
            return;
        }

        // Too little credit: the confirm screen offers the packages instead; the draft is kept.
        turn.Add(new TextReply(summary));
        turn.Fire(ConversationTrigger.NeedCredits);
        turn.Say(Messages.NotEnoughCredits, Formats.Credits(choice.PriceCredits - balance, language),
            Formats.Credits(choice.PriceCredits, language), Formats.Credits(balance, language));
        await ShowPackagesAsync(turn, ct);
    }

    /// <summary>
    /// Debits the price and queues the job in the conversation's transaction. The ledger key and
    /// the job id come from the draft, so a double tap, a retried update or a second instance
    /// can never take the money twice or create a second job.
    /// </summary>
    private async Task ConfirmAsync(Turn turn, CancellationToken ct)
    {
        var draft = turn.Draft;
        var choice = FindChoice(draft);
        if (choice is null || draft.Prompt is null)
        {
            CatalogChanged(turn);
            await ShowVideoStepAsync(turn, ct);
            return;
        }

        var job = new VideoJob
        {
            Id = draft.JobId,
            UserId = turn.User.Id,
            Channel = turn.Input.Channel,
            ChatId = turn.Input.ChatId,
            Prompt = draft.Prompt,
            ImagePath = draft.ImagePath,
            OfferingCode = choice.Offering.Code,
            Provider = choice.Offering.Provider,
            Model = choice.Offering.Model,
            DurationSeconds = choice.DurationSeconds,
            Resolution = choice.Resolution,
            Orientation = OrientationName(choice.Orientation),
            PriceCredits = choice.PriceCredits,
            CreatedAt = turn.Now,
            NextAttemptAt = turn.Now,
            DeadlineAt = turn.Now + jobOptions.Value.Deadline,
        };
        var debit = await ledger.DebitAsync(new LedgerPosting(turn.User.Id, choice.PriceCredits, LedgerKind.Spend, job.DebitKey,
            Actor: $"user:{turn.User.Id}", Reference: $"job:{job.Id:N}", Note: $"{choice.Offering.Code} {choice.DurationSeconds}s {choice.Resolution}"), ct);
        switch (debit.Status)
        {
            case LedgerStatus.InsufficientFunds:
                await ShowConfirmationAsync(turn, ct);
                return;
            case LedgerStatus.Applied:
                var ahead = await db.VideoJobs.CountAsync(j => j.Status == VideoJobStatus.Queued, ct);
                db.VideoJobs.Add(job);
                turn.Fire(ConversationTrigger.Confirmed);
                turn.Draft = new ConversationDraft();
                turn.NewMenuToken();
                turn.Say(Messages.JobQueued, Formats.Credits(choice.PriceCredits, turn.Language), Formats.Credits(debit.BalanceAfter, turn.Language), ahead + 1);
                return;
            default:
                // Replayed: this draft was paid for already (its job exists).
                turn.Fire(ConversationTrigger.Confirmed);
                turn.Draft = new ConversationDraft();
                turn.Say(Messages.AlreadyConfirmed);
                return;
        }
    }

    private static void CatalogChanged(Turn turn)
    {
        turn.Say(Messages.CatalogChanged);
        turn.Draft = turn.Draft with { DurationSeconds = null, Resolution = null, Orientation = null, OfferingCode = null };
        turn.Fire(ConversationTrigger.CatalogChanged);
    }

    private VideoChoice? FindChoice(ConversationDraft draft) =>
        IsComplete(draft) && ParseOrientation(draft.Orientation) is { } orientation
            ? offerings.Find(draft.OfferingCode!, draft.DurationSeconds!.Value, draft.Resolution!, orientation)
            : null;

    private static bool IsComplete(ConversationDraft d) =>
        d.Prompt is not null && d.DurationSeconds is not null && d.Resolution is not null && d.Orientation is not null && d.OfferingCode is not null;

    private static VideoChoiceFilter Filter(ConversationDraft d) =>
        new(d.OfferingCode, d.DurationSeconds, d.Resolution, ParseOrientation(d.Orientation));

    private static (string Resolution, VideoOrientation Orientation)? ParseFrame(string value) =>
        value.Split('-') is [var resolution, var o] && o is "l" or "p"
            ? (resolution, o == "l" ? VideoOrientation.Landscape : VideoOrientation.Portrait)
            : null;

    private static string OrientationName(VideoOrientation o) => o == VideoOrientation.Landscape ? "landscape" : "portrait";

    private static VideoOrientation? ParseOrientation(string? name) => name switch
    {
        "landscape" => VideoOrientation.Landscape,
        "portrait" => VideoOrientation.Portrait,
        _ => null,
    };

    private static string FrameLabel(VideoOrientation o, string language) =>
        (o == VideoOrientation.Landscape ? Messages.Landscape : Messages.Portrait).In(language);

    private static int ResolutionRank(string resolution) => resolution switch
    {
        "720p" => 0,
        "1024p" => 1,
        "1080p" => 2,
        "4k" => 3,
        _ => 4,
    };

    /// <summary>Buttons laid out <paramref name="perRow"/> to a row, with a cancel button last.</summary>
    private static List<IReadOnlyList<ChatButton>> Rows(IEnumerable<ChatButton> buttons, int perRow, string token, string language)
    {
        var rows = buttons.Chunk(perRow).Select(r => (IReadOnlyList<ChatButton>)r).ToList();
        rows.Add([new ChatButton(Messages.CancelButton.In(language), ButtonData.Choice(token, "x"))]);
        return rows;
    }
}
