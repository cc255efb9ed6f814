using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SoraGateway.Videos.Providers;
using SoraGateway.Videos.Providers.Simulator;

namespace SoraGateway.Tests.Videos;

/// <summary>The in-process Simulator: time from the injected clock, fates fixed by the job id, a real MP4.</summary>
public sealed class SimulatorProviderSpecs
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));

    private ServiceProvider Services(double failureRate = 0, double refusalRate = 0, string delay = "00:00:05") =>
        VideoTestServices.Build(new Dictionary<string, string?>
        {
            ["Simulator:Delay"] = delay,
            ["Simulator:FailureRate"] = failureRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Simulator:RefusalRate"] = refusalRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, _time);

    private static VideoRequest Request(string prompt = "A cat surfing in Nha Trang") =>
        new("veo-3.1-fast-generate-preview", prompt, 8, "720p", VideoOrientation.Landscape, null);

    [Fact]
    public async Task A_job_runs_for_the_configured_delay_with_rising_progress_then_downloads_a_real_mp4()
    {
        await using var services = Services();
        var simulator = services.Provider(VideoProviderNames.Simulator);
        var id = await simulator.SubmitAsync(Request(), CancellationToken.None);

        Assert.Equal(ProviderJobState.Queued, (await simulator.GetStatusAsync(id, CancellationToken.None)).State);
        _time.Advance(TimeSpan.FromSeconds(1));
        var early = await simulator.GetStatusAsync(id, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2.5));
        var later = await simulator.GetStatusAsync(id, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        var done = await simulator.GetStatusAsync(id, CancellationToken.None);

        Assert.Equal((ProviderJobState.Running, 20), (early.State, early.ProgressPercent));
        Assert.Equal((ProviderJobState.Running, 70), (later.State, later.ProgressPercent));
        Assert.Equal(ProviderJobState.Completed, done.State);
        using var file = new MemoryStream();
        await simulator.DownloadAsync(id, done, file, CancellationToken.None);
        Assert.True(VideoTestServices.IsMp4(file.ToArray()));
        Assert.InRange(file.Length, 1_000, 100_000);
    }

    [Fact]
    public async Task A_job_is_not_downloadable_before_it_is_done()
    {
        await using var services = Services();
        var simulator = services.Provider(VideoProviderNames.Simulator);
        var id = await simulator.SubmitAsync(Request(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<VideoProviderException>(() =>
            simulator.DownloadAsync(id, ProviderJobStatus.Completed(null), Stream.Null, CancellationToken.None));

        Assert.Equal(VideoFailureKind.Invalid, error.Kind);
    }

    [Theory]
    [InlineData("[refuse] a famous singer", ProviderJobState.Refused, SimulatorProvider.RefusalCode)]
    [InlineData("a storm [fail]", ProviderJobState.Failed, SimulatorProvider.FailureCode)]
    public async Task A_prompt_trigger_decides_the_jobs_fate(string prompt, ProviderJobState state, string code)
    {
        await using var services = Services();
        var simulator = services.Provider(VideoProviderNames.Simulator);
        var id = await simulator.SubmitAsync(Request(prompt), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));

        var status = await simulator.GetStatusAsync(id, CancellationToken.None);

        Assert.Equal((state, code), (status.State, status.FailureCode));
        Assert.False(string.IsNullOrEmpty(status.FailureMessage));
    }

    [Fact]
    public async Task Prompt_triggers_can_make_submit_fail_as_invalid_or_rate_limited()
    {
        await using var services = Services();
        var simulator = services.Provider(VideoProviderNames.Simulator);

        var invalid = await Assert.ThrowsAsync<VideoProviderException>(() => simulator.SubmitAsync(Request("[invalid]"), CancellationToken.None));
        var limited = await Assert.ThrowsAsync<VideoProviderException>(() => simulator.SubmitAsync(Request("[ratelimit]"), CancellationToken.None));

        Assert.Equal(VideoFailureKind.Invalid, invalid.Kind);
        Assert.Equal((VideoFailureKind.RateLimited, TimeSpan.FromSeconds(5)), (limited.Kind, limited.RetryAfter));
    }

    [Theory]
    [InlineData(1.0, 0.0, ProviderJobState.Failed)]
    [InlineData(0.0, 1.0, ProviderJobState.Refused)]
    [InlineData(0.0, 0.0, ProviderJobState.Completed)]
    public async Task The_configured_rates_decide_fates(double failureRate, double refusalRate, ProviderJobState expected)
    {
        await using var services = Services(failureRate, refusalRate);
        var simulator = services.Provider(VideoProviderNames.Simulator);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
            ids.Add(await simulator.SubmitAsync(Request(), CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(5));

        foreach (var id in ids)
            Assert.Equal(expected, (await simulator.GetStatusAsync(id, CancellationToken.None)).State);
    }

    [Fact]
    public async Task A_jobs_fate_depends_on_its_id_only_and_survives_a_restart()
    {
        var ids = new List<string>();
        var first = new List<ProviderJobState>();
        await using (var services = Services(failureRate: 0.3, refusalRate: 0.2))
        {
            var simulator = services.Provider(VideoProviderNames.Simulator);
            for (var i = 0; i < 200; i++)
                ids.Add(await simulator.SubmitAsync(Request(), CancellationToken.None));
            _time.Advance(TimeSpan.FromSeconds(5));
            foreach (var id in ids)
                first.Add((await simulator.GetStatusAsync(id, CancellationToken.None)).State);
        }

        await using var restarted = Services(failureRate: 0.3, refusalRate: 0.2);
        var again = new List<ProviderJobState>();
        foreach (var id in ids)
            again.Add((await restarted.Provider(VideoProviderNames.Simulator).GetStatusAsync(id, CancellationToken.None)).State);

        Assert.Equal(first, again);
        Assert.InRange(first.Count(s => s == ProviderJobState.Failed), 30, 90);
        Assert.InRange(first.Count(s => s == ProviderJobState.Refused), 15, 65);
        Assert.InRange(first.Count(s => s == ProviderJobState.Completed), 60, 140);
    }

    [Fact]
    public async Task An_unknown_job_id_is_misconfigured()
    {
        await using var services = Services();

        var error = await Assert.ThrowsAsync<VideoProviderException>(() =>
            services.Provider(VideoProviderNames.Simulator).GetStatusAsync("video_123", CancellationToken.None));

        Assert.Equal(VideoFailureKind.Misconfigured, error.Kind);
    }

    [Fact]
    public async Task The_simulator_has_no_webhooks()
    {
        await using var services = Services();

        Assert.Null(services.Provider(VideoProviderNames.Simulator).VerifyWebhook(new Dictionary<string, string>(), "{}"u8, _time.GetUtcNow()));
    }

    [Fact]
    public void The_shipped_sample_is_a_small_mp4()
    {
        using var sample = SimulatorProvider.OpenSample();
        using var copy = new MemoryStream();
        sample.CopyTo(copy);

        Assert.True(VideoTestServices.IsMp4(copy.ToArray()));
        Assert.True(copy.Length < 100_000);
    }
}
