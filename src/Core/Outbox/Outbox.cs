using System.Text.Json;
using SoraGateway.Persistence;

namespace SoraGateway.Outbox;

/// <summary>Queues messages to users inside the caller's unit of work (saved with its SaveChanges).</summary>
public sealed class Outbox(GatewayDbContext db, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds a message for (channel, chat); it is written when the caller saves and commits.</summary>
    public OutboxMessage Enqueue<TPayload>(long userId, string channel, string chatId, string kind, TPayload payload)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            UserId = userId,
            Channel = channel,
            ChatId = chatId,
            Kind = kind,
            PayloadJson = JsonSerializer.Serialize(payload, Json),
            CreatedAt = now,
            AvailableAt = now,
        };
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>Reads a payload written by <see cref="Enqueue{TPayload}"/>.</summary>
    public static TPayload Read<TPayload>(OutboxMessage message) =>
        JsonSerializer.Deserialize<TPayload>(message.PayloadJson, Json)
        ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty payload.");
}

/// <summary>Payload of <see cref="OutboxKinds.PaymentCredited"/>.</summary>
public sealed record PaymentCreditedNotice(string OrderCode, long Credits, long AmountVnd, long ReceivedVnd, long BalanceAfter);

/// <summary>Payload of <see cref="OutboxKinds.PaymentUnderpaid"/>.</summary>
public sealed record PaymentUnderpaidNotice(string OrderCode, long AmountVnd, long ReceivedVnd, long MissingVnd);

/// <summary>Payload of <see cref="OutboxKinds.PaymentSurplus"/>: money for an order that was already paid.</summary>
public sealed record PaymentSurplusNotice(string OrderCode, long ExtraVnd);

