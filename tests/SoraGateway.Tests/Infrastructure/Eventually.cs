using System.Diagnostics;

namespace SoraGateway.Tests.Infrastructure;

/// <summary>
/// Waits for a condition that another process or thread makes true (a background service saving
/// its work after a call the test has already observed). Not a timing assumption: it returns as
/// soon as the condition holds and fails with the description when it never does.
/// </summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(10)).TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
                throw new TimeoutException($"Still not true: {description}");
            await Task.Delay(10);
        }
    }
}
