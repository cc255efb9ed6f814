using System.Collections.Concurrent;
using SoraGateway.Conversations;

namespace SoraGateway.Tests.Infrastructure;

/// <summary>An <see cref="IChatSender"/> that records what it is asked to send and fails on demand.</summary>
public sealed class RecordingChatSender(string channel) : IChatSender
{
    private readonly ConcurrentQueue<(string ChatId, Reply Reply)> _sent = new();
    private readonly ConcurrentQueue<Exception> _failures = new();

    public string Channel { get; } = channel;

    public IReadOnlyList<(string ChatId, Reply Reply)> Sent => _sent.ToArray();

    /// <summary>The next sends throw these, in order.</summary>
    public void FailNext(params Exception[] failures)
    {
        foreach (var f in failures)
            _failures.Enqueue(f);
    }

    public Task<DeliveredMessage> SendAsync(string chatId, Reply reply, CancellationToken ct)
    {
        if (_failures.TryDequeue(out var failure))
            throw failure;
        _sent.Enqueue((chatId, reply));
        var id = _sent.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(new DeliveredMessage(id, reply is VideoReply ? $"file-{id}" : null));
    }

    public IReadOnlyList<(string ChatId, string MessageId, string Html)> Edits => _edits.ToArray();

    private readonly ConcurrentQueue<(string ChatId, string MessageId, string Html)> _edits = new();

    public Task EditTextAsync(string chatId, string messageId, string html, CancellationToken ct)
    {
        _edits.Enqueue((chatId, messageId, html));
        return Task.CompletedTask;
    }
}
