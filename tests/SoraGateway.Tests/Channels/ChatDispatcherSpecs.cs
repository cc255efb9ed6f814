using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SoraGateway.Channels;

namespace SoraGateway.Tests.Channels;

/// <summary>One chat in order, many chats side by side, never more than the global bound.</summary>
public sealed class ChatDispatcherSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private ChatDispatcher _dispatcher = New(64);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dispatcher.DisposeAsync();

    private static ChatDispatcher New(int maxConcurrency, TimeSpan? stopTimeout = null) =>
        new(Options.Create(new ChatDispatcherOptions { MaxConcurrency = maxConcurrency, StopTimeout = stopTimeout ?? TimeSpan.FromSeconds(5) }),
            TimeProvider.System, NullLogger<ChatDispatcher>.Instance);

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task Items_of_one_chat_run_one_at_a_time_in_the_order_enqueued()
    {
        var order = new ConcurrentQueue<int>();
        var running = 0;
        var overlaps = 0;
        for (var i = 0; i < 200; i++)
        {
            var n = i;
            _dispatcher.Enqueue("telegram:1", async _ =>
            {
                if (Interlocked.Increment(ref running) > 1)
                    Interlocked.Increment(ref overlaps);
                await Task.Yield();
                order.Enqueue(n);
                Interlocked.Decrement(ref running);
            });
        }

        await _dispatcher.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 200), order);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task A_blocked_chat_does_not_hold_up_another_chat()
    {
        var gate = Signal();
        var otherDone = Signal();
        var blockedChatWentOn = false;
        _dispatcher.Enqueue("telegram:1", ct => gate.Task.WaitAsync(ct));
        _dispatcher.Enqueue("telegram:1", _ =>
        {
            blockedChatWentOn = true;
            return Task.CompletedTask;
        });
        _dispatcher.Enqueue("telegram:2", _ =>
        {
            otherDone.SetResult();
            return Task.CompletedTask;
        });

        await otherDone.Task.WaitAsync(Patience);
        Assert.False(Volatile.Read(ref blockedChatWentOn));
        gate.SetResult();
        await _dispatcher.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience);
        Assert.True(blockedChatWentOn);
    }

    [Fact]
    public async Task No_more_items_run_at_once_than_the_bound_allows()
    {
        _dispatcher = New(2);
        var gates = Enumerable.Range(0, 3).Select(_ => Signal()).ToArray();
        var started = Enumerable.Range(0, 3).Select(_ => Signal()).ToArray();
        var running = 0;
        var maxRunning = 0;
        for (var i = 0; i < 3; i++)
        {
            var n = i;
            _dispatcher.Enqueue($"chat:{n}", async ct =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                started[n].SetResult();
                await gates[n].Task.WaitAsync(ct);
                Interlocked.Decrement(ref running);
            });
        }

        var firstTwo = await WhenCountAsync(started.Select(s => s.Task), 2);
        var waiting = Array.FindIndex(started, s => !s.Task.IsCompleted);
        Assert.Equal(2, firstTwo);
        gates[Array.FindIndex(started, s => s.Task.IsCompleted)].SetResult();
        await started[waiting].Task.WaitAsync(Patience);
        foreach (var gate in gates)
            gate.TrySetResult();
        await _dispatcher.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(2, maxRunning);
    }

    [Fact]
    public async Task A_failing_item_does_not_stop_the_later_items_of_its_chat()
    {
        var ran = new List<string>();
        _dispatcher.Enqueue("telegram:1", _ => throw new InvalidOperationException("before the first await"));
        _dispatcher.Enqueue("telegram:1", async _ =>
        {
            await Task.Yield();
            throw new InvalidOperationException("after an await");
        });
        _dispatcher.Enqueue("telegram:1", _ =>
        {
            ran.Add("third");
            return Task.CompletedTask;
        });

        await _dispatcher.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(["third"], ran);
    }

    [Fact]
    public async Task A_chat_whose_queue_is_empty_keeps_no_worker()
    {
        for (var chat = 0; chat < 100; chat++)
            _dispatcher.Enqueue($"telegram:{chat}", _ => Task.CompletedTask);

        await _dispatcher.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(0, _dispatcher.ActiveChatCount);
    }

    [Fact]
    public async Task WhenIdle_waits_for_everything_enqueued_before_it_was_called()
    {
        var gate = Signal();
        var finished = 0;
        _dispatcher.Enqueue("a", async ct =>
        {
            await gate.Task.WaitAsync(ct);
            Interlocked.Increment(ref finished);
        });
        _dispatcher.Enqueue("b", _ =>
        {
            Interlocked.Increment(ref finished);
            return Task.CompletedTask;
        });

        var idle = _dispatcher.WhenIdleAsync(CancellationToken.None);
        Assert.False(idle.IsCompleted);
        gate.SetResult();
        await idle.WaitAsync(Patience);

        Assert.Equal(2, finished);
    }

    [Fact]
    public async Task Disposing_cancels_the_running_item_drops_the_queued_ones_and_refuses_new_work()
    {
        var started = Signal();
        var cancelled = false;
        var queuedRan = false;
        _dispatcher.Enqueue("telegram:1", async ct =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        });
        _dispatcher.Enqueue("telegram:1", _ =>
        {
            queuedRan = true;
            return Task.CompletedTask;
        });
        await started.Task.WaitAsync(Patience);

        await _dispatcher.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.True(cancelled);
        Assert.False(queuedRan);
        Assert.Throws<ObjectDisposedException>(() => _dispatcher.Enqueue("telegram:1", _ => Task.CompletedTask));
    }

    [Fact]
    public async Task Disposing_does_not_wait_forever_for_an_item_that_ignores_cancellation()
    {
        _dispatcher = New(4, stopTimeout: TimeSpan.FromMilliseconds(50));
        var stuck = Signal();
        var started = Signal();
        _dispatcher.Enqueue("telegram:1", async _ =>
        {
            started.SetResult();
            await stuck.Task;
        });
        await started.Task.WaitAsync(Patience);

        await _dispatcher.DisposeAsync().AsTask().WaitAsync(Patience);

        stuck.SetResult(); // the straggler may still end without failing
        Assert.Equal(0, await WhenDrainedAsync(_dispatcher));
    }

    private static async Task<int> WhenDrainedAsync(ChatDispatcher dispatcher)
    {
        await dispatcher.WhenIdleAsync(CancellationToken.None).WaitAsync(Patience);
        return dispatcher.ActiveChatCount;
    }

    private static async Task<int> WhenCountAsync(IEnumerable<Task> tasks, int count)
    {
        var pending = tasks.ToList();
        var done = 0;
        while (done < count)
        {
            var next = await Task.WhenAny(pending).WaitAsync(Patience);
            pending.Remove(next);
            done++;
        }
        return done;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
