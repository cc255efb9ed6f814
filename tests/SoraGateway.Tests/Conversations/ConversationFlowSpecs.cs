using SoraGateway.Conversations;

namespace SoraGateway.Tests.Conversations;

public sealed class ConversationFlowSpecs
{
    private static string DocPath => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/conversation.md"));

    [Fact]
    public void The_diagram_in_the_docs_is_generated_from_the_code()
    {
        var expected = "# Conversation flow\n\nGenerated from `ConversationFlow` (Stateless); `SORA_UPDATE_DOCS=1 ./build.sh test` rewrites it.\n\n```mermaid\n"
            + ConversationFlow.MermaidDiagram().Trim() + "\n```\n";
        if (Environment.GetEnvironmentVariable("SORA_UPDATE_DOCS") == "1")
            File.WriteAllText(DocPath, expected);

        Assert.Equal(expected, File.ReadAllText(DocPath).ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(ConversationState.AwaitingDuration, ConversationTrigger.Confirmed)]
    [InlineData(ConversationState.Idle, ConversationTrigger.DurationChosen)]
    [InlineData(ConversationState.ChoosingPackage, ConversationTrigger.QualityChosen)]
    public void Steps_cannot_be_skipped(ConversationState from, ConversationTrigger trigger)
    {
        var state = from;
        var machine = ConversationFlow.Build(() => state, s => state = s);

        Assert.False(machine.CanFire(trigger));
    }

    [Fact]
    public void Cancel_and_start_lead_back_to_idle_from_every_step()
    {
        foreach (var from in Enum.GetValues<ConversationState>())
        {
            foreach (var trigger in new[] { ConversationTrigger.Cancel, ConversationTrigger.Start, ConversationTrigger.Expire })
            {
                var state = from;
                var machine = ConversationFlow.Build(() => state, s => state = s);
                machine.Fire(trigger);
                Assert.Equal(ConversationState.Idle, state);
            }
        }
    }
}
