using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SoraGateway.Videos.Providers.Simulator;

/// <summary>
/// An in-process provider for the local emulator, demos and tests. A job's whole life is written
/// in its id (submit time and fate), so it survives restarts and always ends the same way: it
/// runs for <see cref="SimulatorOptions.Delay"/> on the injected clock, with progress rising
/// linearly, then completes with a real small MP4, fails or is refused.
/// </summary>
/// <remarks>
/// Prompt triggers, for tests and demos: <c>[refuse]</c> → refused, <c>[fail]</c> → failed,
/// <c>[invalid]</c> → submit throws <see cref="VideoFailureKind.Invalid"/>, <c>[ratelimit]</c> →
/// submit throws <see cref="VideoFailureKind.RateLimited"/> (retry after the delay). Without a
/// trigger, <see cref="SimulatorOptions.FailureRate"/> and <see cref="SimulatorOptions.RefusalRate"/>
/// pick the fate from a hash of the job id.
/// </remarks>
public sealed class SimulatorProvider(IOptions<SimulatorOptions> options, TimeProvider time) : IVideoProvider
{
    /// <summary>The embedded MP4 every completed simulator job downloads.</summary>
    public const string SampleResourceName = "SoraGateway.Videos.Providers.Simulator.sample.mp4";

    public const string FailureCode = "simulated_failure";
    public const string RefusalCode = "simulated_refusal";

    private const string Prefix = "sim-";

    /// <inheritdoc />
    public string Name => VideoProviderNames.Simulator;

    /// <inheritdoc />
    public Task<string> SubmitAsync(VideoRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ct.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(request.Prompt) || request.DurationSeconds <= 0)
            throw new VideoProviderException(VideoFailureKind.Invalid, "Simulator needs a prompt and a positive duration.",
                providerMessage: "A prompt and a positive duration are required.");
        if (Has(request.Prompt, "[invalid]"))
            throw new VideoProviderException(VideoFailureKind.Invalid, "Simulator rejected the request ([invalid] in the prompt).",
                providerCode: "simulated_invalid", providerMessage: "The simulator rejected this request.");
        if (Has(request.Prompt, "[ratelimit]"))
            throw new VideoProviderException(VideoFailureKind.RateLimited, "Simulator is rate limited ([ratelimit] in the prompt).",
                retryAfter: options.Value.Delay, providerCode: "simulated_rate_limit");
        if (request.Image is { } image && image.Bytes.Length == 0)
            throw new VideoProviderException(VideoFailureKind.Invalid, "Simulator got an empty photo.", providerMessage: "The photo is empty.");

        // sim-<submitted, unix ms>-<fate: r refuse, f fail, a by the configured rates>-<random>
        var fate = Has(request.Prompt, "[refuse]") ? 'r' : Has(request.Prompt, "[fail]") ? 'f' : 'a';
        var submitted = time.GetUtcNow().ToUnixTimeMilliseconds();
        return Task.FromResult(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{submitted}-{fate}-{Guid.NewGuid():N}"));
    }

    /// <inheritdoc />
    public Task<ProviderJobStatus> GetStatusAsync(string providerJobId, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var (submitted, fate) = Parse(providerJobId);
        var delay = options.Value.Delay;
        var elapsed = time.GetUtcNow() - submitted;
        if (elapsed < delay)
        {
            if (elapsed <= TimeSpan.Zero)
                return Task.FromResult(ProviderJobStatus.Queued(PollAfter(delay)));
            var percent = (int)Math.Clamp(elapsed.Ticks * 100 / Math.Max(1, delay.Ticks), 0, 99);
            return Task.FromResult(ProviderJobStatus.Running(percent, PollAfter(delay - elapsed)));
        }

        return Task.FromResult(Outcome(providerJobId, fate) switch
        {
            ProviderJobState.Failed => ProviderJobStatus.Failed(FailureCode, "The simulator failed this job, as configured."),
            ProviderJobState.Refused => ProviderJobStatus.Refused(RefusalCode, "The simulator refused this prompt (simulated content policy)."),
            _ => ProviderJobStatus.Completed(null),
        });
    }

    /// <inheritdoc />
    public async Task DownloadAsync(string providerJobId, ProviderJobStatus completed, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var status = await GetStatusAsync(providerJobId, ct);
        if (status.State != ProviderJobState.Completed)
            throw new VideoProviderException(VideoFailureKind.Invalid, $"Simulator job is {status.State}, there is no video to download.");
        await using var sample = OpenSample();
        await sample.CopyToAsync(destination, ct);
    }

    /// <summary>The simulator has no webhooks: its jobs are followed by polling.</summary>
    public VideoWebhookNotice? VerifyWebhook(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> rawBody, DateTimeOffset now) => null;

    /// <summary>The embedded sample MP4.</summary>
    public static Stream OpenSample() =>
        typeof(SimulatorProvider).Assembly.GetManifestResourceStream(SampleResourceName)
        ?? throw new InvalidOperationException($"The embedded resource {SampleResourceName} is missing from the build.");

    private ProviderJobState Outcome(string providerJobId, char fate)
    {
        if (fate == 'r')
            return ProviderJobState.Refused;
        if (fate == 'f')
            return ProviderJobState.Failed;
        var settings = options.Value;
        var roll = Roll(providerJobId);
        return roll < settings.FailureRate ? ProviderJobState.Failed
            : roll < settings.FailureRate + settings.RefusalRate ? ProviderJobState.Refused
            : ProviderJobState.Completed;
    }

    /// <summary>A number in [0, 1) fixed by the job id, so the same job always gets the same fate.</summary>
    internal static double Roll(string providerJobId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(providerJobId));
        return BitConverter.ToUInt64(hash, 0) / (ulong.MaxValue + 1.0);
    }

    private static TimeSpan PollAfter(TimeSpan remaining) => remaining < TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1);

    private static (DateTimeOffset Submitted, char Fate) Parse(string providerJobId)
    {
        var parts = providerJobId?.Split('-') ?? [];
        if (parts.Length == 4 && parts[0] + "-" == Prefix
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            && parts[2] is ['r' or 'f' or 'a'])
            return (DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[2][0]);
        throw new VideoProviderException(VideoFailureKind.Misconfigured, "That is not a simulator job id.");
    }

    private static bool Has(string prompt, string trigger) => prompt.Contains(trigger, StringComparison.OrdinalIgnoreCase);
}
