using Microsoft.EntityFrameworkCore;
using SoraGateway.Ledger;
using SoraGateway.Localization;
using SoraGateway.Videos.Jobs;

namespace SoraGateway.Conversations;

// Welcome, balance, history, statistics and the video library.
public sealed partial class ConversationEngine
{
    private async Task ShowWelcomeAsync(Turn turn, CancellationToken ct)
    {
        var balance = await ledger.GetBalanceAsync(turn.User.Id, ct);
        turn.Say(Messages.Welcome, MainMenu(turn.Language), Html.Escape(turn.User.DisplayName), Formats.Credits(balance, turn.Language));
    }

    private async Task ShowHistoryAsync(Turn turn, int page, CancellationToken ct)
    {
        var language = turn.Language;
        var history = await ledger.GetHistoryAsync(turn.User.Id, page, options.Value.PageSize, ct);
        if (history.TotalCount == 0)
        {
            turn.Say(Messages.HistoryEmpty);
            return;
        }

        var lines = history.Items.Select(i => Messages.HistoryLine.In(language, Formats.VietnamTime(i.CreatedAt, language), KindLabel(i.Kind).In(language),
            (i.Amount > 0 ? "+" : "") + Formats.Credits(i.Amount, language), Formats.Credits(i.BalanceAfter, language)));
        var text = Messages.HistoryHeader.In(language, page + 1, history.PageCount) + "\n" + string.Join("\n", lines);
        turn.Add(new TextReply(text) { Buttons = Pager(page, history.HasOlder, ButtonData.HistoryPage, language) });
    }

    private async Task ShowVideosAsync(Turn turn, int page, CancellationToken ct)
    {
        var language = turn.Language;
        var size = options.Value.PageSize;
        var query = db.VideoJobs.AsNoTracking().Where(j => j.UserId == turn.User.Id && j.Status != VideoJobStatus.Deleted);
        var total = await query.CountAsync(ct);
        if (total == 0)
        {
            turn.Say(Messages.VideosEmpty);
            return;
        }

        var jobs = await query.OrderByDescending(j => j.CreatedAt).Skip(page * size).Take(size).ToListAsync(ct);
        var lines = jobs.Select((j, i) => Messages.VideoLine.In(language, page * size + i + 1, Formats.VietnamTime(j.CreatedAt, language),
            StatusLabel(j.Status).In(language), Html.Escape(Shorten(j.Prompt, 60))));
        var buttons = jobs.Select((j, i) => (Job: j, Number: page * size + i + 1))
            .Where(x => x.Job.Status == VideoJobStatus.Completed)
            .Select(x => (IReadOnlyList<ChatButton>)
            [
                new ChatButton(Messages.ResendButton.In(language, x.Number), ButtonData.ResendVideo(x.Job.Id)),
                new ChatButton(Messages.DeleteButton.In(language, x.Number), ButtonData.DeleteVideo(x.Job.Id)),
            ]).ToList();
        buttons.AddRange(Pager(page, (page + 1) * size < total, ButtonData.VideosPage, language));
        var pages = (total + size - 1) / size;
        turn.Add(new TextReply(Messages.VideosHeader.In(language, page + 1, pages) + "\n" + string.Join("\n", lines)) { Buttons = buttons });
    }

    private async Task OnVideoActionAsync(Turn turn, string action, Guid jobId, CancellationToken ct)
    {
        var job = await db.VideoJobs.SingleOrDefaultAsync(j => j.Id == jobId && j.UserId == turn.User.Id, ct);
        if (job is null || job.Status != VideoJobStatus.Completed || job.FilePath is null)
        {
            turn.Say(Messages.VideoNotAvailable);
            return;
        }

        if (action == "del")
        {
            // Soft delete: the row stays for the ledger's sake; the file goes after the retention period.
            job.Status = VideoJobStatus.Deleted;
            job.DeletedAt = turn.Now;
            turn.Say(Messages.VideoDeleted);
            return;
        }

        if (action == "send")
            turn.Add(VideoDelivery.ReplyFor(job, media, turn.Language,
                offerings.FindOffering(job.OfferingCode)?.Label(turn.Language) ?? job.Model, downloadUrl: null));
    }

    private async Task ShowStatsAsync(Turn turn, CancellationToken ct)
    {
        var language = turn.Language;
        var jobs = await db.VideoJobs.AsNoTracking().Where(j => j.UserId == turn.User.Id)
            .GroupBy(j => j.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var amounts = await db.LedgerTransactions.AsNoTracking().Where(t => t.UserId == turn.User.Id)
            .GroupBy(t => t.Kind).Select(g => new { Kind = g.Key, Sum = g.Sum(t => t.Amount) }).ToListAsync(ct);
        int Count(params VideoJobStatus[] statuses) => jobs.Where(j => statuses.Contains(j.Status)).Sum(j => j.Count);
        long Sum(LedgerKind kind) => amounts.Where(a => a.Kind == kind).Sum(a => a.Sum);

        var completed = Count(VideoJobStatus.Completed, VideoJobStatus.Deleted);
        var failed = Count(VideoJobStatus.Failed);
        var rate = completed + failed == 0 ? "—" : $"{100 * completed / (completed + failed)}%";
        var spent = -(Sum(LedgerKind.Spend) + Sum(LedgerKind.Refund));
        turn.Say(Messages.Stats, completed, jobs.Sum(j => j.Count), rate, Formats.Credits(spent, language),
            Formats.Credits(Sum(LedgerKind.Purchase), language), Formats.Credits(await ledger.GetBalanceAsync(turn.User.Id, ct), language));
    }

    private static IReadOnlyList<IReadOnlyList<ChatButton>> Pager(int page, bool hasOlder, Func<int, string> data, string language)
    {
        var row = new List<ChatButton>();
        if (page > 0)
            row.Add(new ChatButton(Messages.Newer.In(language), data(page - 1)));
        if (hasOlder)
            row.Add(new ChatButton(Messages.Older.In(language), data(page + 1)));
        return row.Count == 0 ? [] : [row];
    }

    private static Text KindLabel(LedgerKind kind) => kind switch
    {
        LedgerKind.Purchase => Messages.KindPurchase,
        LedgerKind.Grant => Messages.KindGrant,
        LedgerKind.Spend => Messages.KindSpend,
        LedgerKind.Refund => Messages.KindRefund,
        _ => Messages.KindAdjustment,
    };

    internal static Text StatusLabel(VideoJobStatus status) => status switch
    {
        VideoJobStatus.Queued => Messages.StatusQueued,
        VideoJobStatus.Completed => Messages.StatusCompleted,
        VideoJobStatus.Failed => Messages.StatusFailed,
        _ => Messages.StatusWorking,
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
