using System.Collections.Concurrent;
using SoraGateway.Conversations;

namespace SoraGateway.Tests.Channels;

/// <summary>
/// A stand-in for the conversation engine: records every input (per chat, in arrival order),
/// echoes by default, can hold one chat at a gate, and notices two inputs of one chat overlapping.
/// </summary>
public sealed class StubChatProcessor : IChatInputProcessor
{
    private readonly Lock _gate = new();
    private readonly List<ChatInput> _inputs = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();
    private int _overlaps;

    /// <summary>How to answer; an echo of the text (or button data) by default. May throw.</summary>
    public Func<ChatInput, ChatResponse> Respond { get; set; } = Echo;

    /// <summary>Every input, in the order processing started.</summary>
    public IReadOnlyList<ChatInput> Inputs
    {
        get { lock (_gate) return [.. _inputs]; }
    }

    /// <summary>How many times two inputs of the same chat were processed at the same time (must stay 0).</summary>
    public int Overlaps => Volatile.Read(ref _overlaps);

    public static ChatResponse Echo(ChatInput input) =>
        new([new TextReply("echo: " + Html(input.Text ?? input.ButtonData ?? input.Kind.ToString()))]);

    /// <summary>Escapes user text for Telegram's HTML (non-ASCII letters stay as they are).</summary>
    public static string Html(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public IReadOnlyList<ChatInput> InputsOf(string chatId)
    {
        lock (_gate) return [.. _inputs.Where(i => i.ChatId == chatId)];
    }

    /// <summary>From now on, inputs of <paramref name="chatId"/> wait before answering until <see cref="Open"/>.</summary>
    public void Close(string chatId) => _gates[chatId] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held inputs of <paramref name="chatId"/> go on.</summary>
    public void Open(string chatId)
    {
        if (_gates.TryRemove(chatId, out var gate))
            gate.TrySetResult();
    }

    public async Task<ChatResponse> ProcessAsync(ChatInput input, CancellationToken ct)
    {
        var running = _inFlight.AddOrUpdate(input.ChatId, 1, (_, n) => n + 1);
        if (running > 1)
            Interlocked.Increment(ref _overlaps);
        try
        {
            Record(input);
            // Yield so that an overlapping second input of this chat would be caught in the act.
            await Task.Yield();
            if (_gates.TryGetValue(input.ChatId, out var gate))
                await gate.Task.WaitAsync(ct);
            return Respond(input);
        }
        finally
        {
            _inFlight.AddOrUpdate(input.ChatId, 0, (_, n) => n - 1);
        }
    }

    /// <summary>Waits until <paramref name="count"/> recorded inputs match <paramref name="predicate"/> (all inputs when null).</summary>
    public async Task<IReadOnlyList<ChatInput>> WaitForInputsAsync(int count, Func<ChatInput, bool>? predicate = null, TimeSpan? timeout = null)
    {
        var deadline = Task.Delay(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var matches = _inputs.Where(predicate ?? (_ => true)).ToList();
                if (matches.Count >= count)
                    return matches;
                changed = _changed.Task;
            }

            if (await Task.WhenAny(changed, deadline) == deadline)
                throw new TimeoutException($"Waited for {count} input(s); saw {Inputs.Count}: {string.Join(", ", Inputs.Select(i => $"{i.ChatId}:{i.Kind}:{i.Text ?? i.ButtonData}"))}");
        }
    }

    private void Record(ChatInput input)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _inputs.Add(input);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Records the chats the sender marked unreachable.</summary>
public sealed class RecordingReachability : IChatReachability
{
    private readonly ConcurrentQueue<(string Channel, string ChatId)> _marked = new();

    public IReadOnlyList<(string Channel, string ChatId)> Marked => [.. _marked];

    public Task MarkUnreachableAsync(string channel, string chatId, CancellationToken ct)
    {
        _marked.Enqueue((channel, chatId));
        return Task.CompletedTask;
    }
}
