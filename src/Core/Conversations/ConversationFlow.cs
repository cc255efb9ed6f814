using Stateless;
using Stateless.Graph;

namespace SoraGateway.Conversations;

/// <summary>What moves a conversation from one step to the next.</summary>
public enum ConversationTrigger
{
    Start,
    NewVideo,
    ResumeDraft,
    PromptAccepted,
    PhotoWithCaption,
    PhotoWithoutCaption,
    DurationChosen,
    ResolutionChosen,
    QualityChosen,
    Confirmed,
    NeedCredits,
    Buy,
    PackageChosen,
    Cancel,
    Expire,
    CatalogChanged,
}

/// <summary>
/// The steps of a chat as a Stateless machine over the conversation row's state (built per
/// update: a machine is not thread-safe). The engine decides which trigger an input is; the
/// machine decides whether that trigger is allowed from the current step, and where it leads.
/// </summary>
public static class ConversationFlow
{
    private static readonly ConversationState[] AllStates = Enum.GetValues<ConversationState>();

    public static StateMachine<ConversationState, ConversationTrigger> Build(Func<ConversationState> read, Action<ConversationState> write)
    {
        var machine = new StateMachine<ConversationState, ConversationTrigger>(read, write);

        // Available from every step: start over, cancel, begin a video, buy, time out, photo.
        foreach (var state in AllStates)
        {
            var s = machine.Configure(state);
            if (state == ConversationState.Idle)
                s.PermitReentry(ConversationTrigger.Start).Ignore(ConversationTrigger.Cancel).Ignore(ConversationTrigger.Expire);
            else
                s.Permit(ConversationTrigger.Start, ConversationState.Idle)
                    .Permit(ConversationTrigger.Cancel, ConversationState.Idle)
                    .Permit(ConversationTrigger.Expire, ConversationState.Idle);

            if (state == ConversationState.AwaitingPrompt)
                s.PermitReentry(ConversationTrigger.NewVideo).PermitReentry(ConversationTrigger.PhotoWithoutCaption);
            else
                s.Permit(ConversationTrigger.NewVideo, ConversationState.AwaitingPrompt)
                    .Permit(ConversationTrigger.PhotoWithoutCaption, ConversationState.AwaitingPrompt);

            if (state == ConversationState.AwaitingDuration)
                s.PermitReentry(ConversationTrigger.PhotoWithCaption).PermitReentry(ConversationTrigger.CatalogChanged);
            else
                s.Permit(ConversationTrigger.PhotoWithCaption, ConversationState.AwaitingDuration)
                    .Permit(ConversationTrigger.CatalogChanged, ConversationState.AwaitingDuration);

            if (state == ConversationState.ChoosingPackage)
                s.PermitReentry(ConversationTrigger.Buy);
            else
                s.Permit(ConversationTrigger.Buy, ConversationState.ChoosingPackage);

            if (state == ConversationState.Confirming)
                s.PermitReentry(ConversationTrigger.ResumeDraft);
            else
                s.Permit(ConversationTrigger.ResumeDraft, ConversationState.Confirming);
        }

        machine.Configure(ConversationState.Idle).Permit(ConversationTrigger.PromptAccepted, ConversationState.AwaitingDuration);
        machine.Configure(ConversationState.AwaitingPrompt).Permit(ConversationTrigger.PromptAccepted, ConversationState.AwaitingDuration);
        machine.Configure(ConversationState.AwaitingDuration).Permit(ConversationTrigger.DurationChosen, ConversationState.AwaitingResolution);
        machine.Configure(ConversationState.AwaitingResolution).Permit(ConversationTrigger.ResolutionChosen, ConversationState.AwaitingQuality);
        machine.Configure(ConversationState.AwaitingQuality).Permit(ConversationTrigger.QualityChosen, ConversationState.Confirming);
        machine.Configure(ConversationState.Confirming)
            .Permit(ConversationTrigger.Confirmed, ConversationState.Idle)
            .Permit(ConversationTrigger.NeedCredits, ConversationState.ChoosingPackage);
        machine.Configure(ConversationState.ChoosingPackage).Permit(ConversationTrigger.PackageChosen, ConversationState.Idle);
        return machine;
    }

    /// <summary>The flow as a Mermaid state diagram (kept in <c>docs/conversation.md</c>, checked by a test).</summary>
    public static string MermaidDiagram()
    {
        var state = ConversationState.Idle;
        return MermaidGraph.Format(Build(() => state, s => state = s).GetInfo());
    }
}
