using Microsoft.EntityFrameworkCore;
using SoraGateway.Conversations;
using SoraGateway.Localization;
using SoraGateway.Persistence;
using SoraGateway.Users;
using SoraGateway.Videos.Jobs;

namespace SoraGateway.Outbox;

/// <summary>Turns a queued message into replies, in the user's language as it is at send time.</summary>
public sealed class OutboxRenderer(GatewayDbContext db)
{
    public async Task<IReadOnlyList<Reply>> RenderAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var language = Languages.Normalize(await db.Users.Where(u => u.Id == message.UserId).Select(u => u.Language).SingleOrDefaultAsync(ct));
        return message.Kind switch
        {
            OutboxKinds.PaymentCredited => Text(Outbox.Read<PaymentCreditedNotice>(message), n =>
                Messages.PaymentCredited.In(language, n.OrderCode, Formats.Credits(n.Credits, language), Formats.Credits(n.BalanceAfter, language))),
            OutboxKinds.PaymentUnderpaid => Text(Outbox.Read<PaymentUnderpaidNotice>(message), n =>
                Messages.PaymentUnderpaid.In(language, n.OrderCode, Formats.Vnd(n.ReceivedVnd, language), Formats.Vnd(n.MissingVnd, language))),
            OutboxKinds.PaymentSurplus => Text(Outbox.Read<PaymentSurplusNotice>(message), n =>
                Messages.PaymentSurplus.In(language, n.OrderCode, Formats.Vnd(n.ExtraVnd, language))),
            OutboxKinds.VideoFailed => Text(Outbox.Read<VideoFailedNotice>(message), n =>
                Messages.VideoFailed.In(language, Reason(n, language), Formats.Credits(n.RefundedCredits, language), Formats.Credits(n.BalanceAfter, language))),
            _ => throw new InvalidOperationException($"No renderer for outbox kind '{message.Kind}'."),
        };
    }

    private static string Reason(VideoFailedNotice n, string language)
    {
        var detail = Html.Escape(string.IsNullOrWhiteSpace(n.ProviderMessage) ? "—" : n.ProviderMessage);
        return n.Reason switch
        {
            VideoFailureReason.Refused => Messages.ReasonRefused.In(language, detail),
            VideoFailureReason.Invalid => Messages.ReasonInvalid.In(language, detail),
            VideoFailureReason.Busy => Messages.ReasonBusy.In(language),
            VideoFailureReason.Timeout => Messages.ReasonTimeout.In(language),
            _ => Messages.ReasonSystem.In(language),
        };
    }

    private static IReadOnlyList<Reply> Text<T>(T notice, Func<T, string> render) => [new TextReply(render(notice))];
}
