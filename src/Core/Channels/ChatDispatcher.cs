using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SoraGateway.Channels;

/// <summary>Settings of the <see cref="ChatDispatcher"/>.</summary>
public sealed class ChatDispatcherOptions
{
    /// <summary>How many work items (chats) may run at the same time, across all chats.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>How long disposing waits for cancelled items to end; an item that ignores cancellation is then left behind.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Runs work for many chats: one chat's items strictly in order, different chats in parallel,
/// at most <see cref="ChatDispatcherOptions.MaxConcurrency"/> items at once overall.
/// </summary>
/// <remarks>
/// Telegram.Bot's own receiving loop handles one update at a time for every user, so one slow chat
/// would hold up all others. Here each chat with pending work gets a worker task that drains its
/// queue and ends when the queue is empty, so an idle chat costs nothing. A failing item is logged
/// and the chat's later items still run. Disposing cancels running items and drops queued ones.
/// </remarks>
public sealed class ChatDispatcher : IAsyncDisposable, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChatQueue> _chats = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger<ChatDispatcher> _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _stopTimeout;
    private bool _disposed;

    public ChatDispatcher(IOptions<ChatDispatcherOptions> options, TimeProvider time, ILogger<ChatDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var max = options.Value.MaxConcurrency;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(ChatDispatcherOptions.MaxConcurrency));
        _slots = new SemaphoreSlim(max, max);
        _stopTimeout = options.Value.StopTimeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Queues <paramref name="work"/> behind the earlier work of the same chat and returns at once.
    /// The work receives a token that is cancelled when the dispatcher stops.
    /// </summary>
    /// <param name="chatKey">The chat, e.g. <c>telegram:12345</c>; items of one key never overlap.</param>
    /// <param name="work">What to run.</param>
    /// <exception cref="ObjectDisposedException">The dispatcher has stopped.</exception>
    public void Enqueue(string chatKey, Func<CancellationToken, Task> work)
    {
        ArgumentException.ThrowIfNullOrEmpty(chatKey);
        ArgumentNullException.ThrowIfNull(work);
        var item = new WorkItem(work);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_chats.TryGetValue(chatKey, out var running))
            {
                running.Items.Enqueue(item);
                running.Last = item;
                return;
            }

            var chat = new ChatQueue(item);
            _chats.Add(chatKey, chat);
            // Task.Run: the first item must not start on the caller's thread (the poller or a web request).
            chat.Worker = Task.Run(() => RunChatAsync(chatKey, chat));
        }
    }

    /// <summary>Chats with a worker right now (queued or running work); idle chats are not counted.</summary>
    internal int ActiveChatCount
    {
        get { lock (_gate) return _chats.Count; }
    }

    /// <summary>Completes when every item enqueued before the call has run (or was dropped by a stop).</summary>
    public Task WhenIdleAsync(CancellationToken ct)
    {
        Task[] lastItems;
        lock (_gate)
            lastItems = [.. _chats.Values.Select(c => c.Last.Done.Task)];
        // Within a chat items finish in order, so each chat's last item stands for all of its items.
        return Task.WhenAll(lastItems).WaitAsync(ct);
    }

    private async Task RunChatAsync(string chatKey, ChatQueue chat)
    {
        var stopping = _stopping.Token;
        // The running item stays at the head of the queue, so that a chat is in _chats exactly
        // while it has work; it leaves the queue (and the chat leaves _chats) before it reports done.
        WorkItem? item;
        lock (_gate)
            item = chat.Items.Peek();
        while (item is not null)
        {
            try
            {
                await _slots.WaitAsync(stopping);
            }
            catch (OperationCanceledException)
            {
                DropRemaining(chatKey, chat);
                return;
            }

            try
            {
                await item.Work(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Stopping: the item gave up, which is what we asked for.
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Work for chat {ChatKey} failed; the chat's later work continues", chatKey);
            }
            finally
            {
                _slots.Release();
            }

            var done = item;
            lock (_gate)
            {
                chat.Items.Dequeue();
                if (!chat.Items.TryPeek(out item))
                    _chats.Remove(chatKey);
            }
            done.Done.TrySetResult();
        }
    }

    private void DropRemaining(string chatKey, ChatQueue chat)
    {
        WorkItem[] dropped;
        lock (_gate)
        {
            dropped = [.. chat.Items];
            chat.Items.Clear();
            _chats.Remove(chatKey);
        }

        foreach (var item in dropped)
            item.Done.TrySetResult();
        _logger.LogWarning("Stopping: {Count} queued item(s) of chat {ChatKey} were not run", dropped.Length, chatKey);
    }

    /// <summary>Stops taking work, cancels what runs, drops what waits, and waits for the workers to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] workers;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            workers = [.. _chats.Values.Select(c => c.Worker)];
        }

        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(workers).WaitAsync(_stopTimeout, _time);
        }
        catch (TimeoutException)
        {
            // A stuck item must not hold up the host's shutdown. The semaphore and token stay
            // undisposed: the stuck worker still releases and reads them when it ends.
            _logger.LogWarning("Stopped with work still running after {Timeout}: it ignored cancellation", _stopTimeout);
            return;
        }

        _stopping.Dispose();
        _slots.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private sealed class WorkItem(Func<CancellationToken, Task> work)
    {
        public Func<CancellationToken, Task> Work { get; } = work;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The work of one chat, the running item first; exists only while its worker runs. Guarded by <see cref="_gate"/>.</summary>
    private sealed class ChatQueue
    {
        public ChatQueue(WorkItem first)
        {
            Items.Enqueue(first);
            Last = first;
        }

        public Queue<WorkItem> Items { get; } = new();
        public WorkItem Last { get; set; }
        public Task Worker { get; set; } = Task.CompletedTask;
    }
}
