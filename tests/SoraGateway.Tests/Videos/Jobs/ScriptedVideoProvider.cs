using System.Collections.Concurrent;
using SoraGateway.Videos.Providers;
using SoraGateway.Videos.Providers.Simulator;

namespace SoraGateway.Tests.Videos.Jobs;

/// <summary>
/// A provider whose answers the test decides, and which counts what it was asked: submits per
/// prompt, status calls. Prompts starting with <c>transient</c> fail submit transiently
/// <see cref="TransientSubmits"/> times; jobs complete when <see cref="Complete"/> is called.
/// </summary>
public sealed class ScriptedVideoProvider(string name = "Scripted") : IVideoProvider
{
    private readonly ConcurrentDictionary<string, ProviderJobStatus> _jobs = new();
    private int _submitFailuresLeft;
    private int _submits;
    private int _statusCalls;

    public string Name { get; } = name;
    public int Submits => _submits;
    public int StatusCalls => _statusCalls;

    public int TransientSubmits { set => _submitFailuresLeft = value; }

    /// <summary>Every status call fails transiently while true.</summary>
    public bool StatusUnavailable { get; set; }

    public Task<string> SubmitAsync(VideoRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref _submits);
        if (Interlocked.Decrement(ref _submitFailuresLeft) >= 0)
            throw new VideoProviderException(VideoFailureKind.Transient, "Scripted 503");
        var id = $"scripted-{Guid.NewGuid():N}";
        _jobs[id] = ProviderJobStatus.Running(10, TimeSpan.FromSeconds(2));
        return Task.FromResult(id);
    }

    public void Complete(string id) => _jobs[id] = ProviderJobStatus.Completed(null);

    public void CompleteAll()
    {
        foreach (var id in _jobs.Keys)
            Complete(id);
    }

    public void Progress(string id, int percent) => _jobs[id] = ProviderJobStatus.Running(percent, TimeSpan.FromSeconds(2));

    public Task<ProviderJobStatus> GetStatusAsync(string providerJobId, CancellationToken ct)
    {
        Interlocked.Increment(ref _statusCalls);
        if (StatusUnavailable)
            throw new VideoProviderException(VideoFailureKind.Transient, "Scripted status 500");
        return Task.FromResult(_jobs[providerJobId]);
    }

    public async Task DownloadAsync(string providerJobId, ProviderJobStatus completed, Stream destination, CancellationToken ct)
    {
        await using var sample = SimulatorProvider.OpenSample();
        await sample.CopyToAsync(destination, ct);
    }

    public VideoWebhookNotice? VerifyWebhook(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> rawBody, DateTimeOffset now) => null;
}
