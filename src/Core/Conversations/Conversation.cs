namespace SoraGateway.Conversations;

/// <summary>
/// The state of one chat (channel + chat id): where the person is in a flow, their draft, and the
/// token of the menu they were last shown. Versioned: two updates of one chat, even on two bot
/// instances, are applied one after the other.
/// </summary>
public sealed class Conversation
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string ChatId { get; set; }
    public long UserId { get; set; }
    public ConversationState State { get; set; } = ConversationState.Idle;

    /// <summary>The flow's data so far (JSON of <see cref="ConversationDraft"/>).</summary>
    public string? DraftJson { get; set; }

    /// <summary>Short token of the menu last drawn; a button carrying another token is out of date.</summary>
    public string MenuToken { get; set; } = "";

    /// <summary>Concurrency token, incremented by every saved update.</summary>
    public long Version { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>After this, an unfinished flow falls back to Idle.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>The person blocked the bot: nothing is sent until they write again.</summary>
    public bool Unreachable { get; set; }
}

/// <summary>Steps of the conversation (see <c>docs/conversation.md</c> for the diagram).</summary>
public enum ConversationState
{
    Idle,
    AwaitingPrompt,
    AwaitingDuration,
    AwaitingResolution,
    AwaitingQuality,
    Confirming,
    ChoosingPackage,
}
