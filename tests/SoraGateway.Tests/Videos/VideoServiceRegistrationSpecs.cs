using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly;
using SoraGateway.Videos;
using SoraGateway.Videos.Providers;
using SoraGateway.Videos.Providers.GeminiVeo;

namespace SoraGateway.Tests.Videos;

/// <summary><c>AddVideoProviders</c>: registry, clock, settings validated at start, secrets kept out of text, the retry rule.</summary>
public sealed class VideoServiceRegistrationSpecs
{
    [Fact]
    public void The_registry_knows_the_three_providers_by_name_in_any_case()
    {
        using var services = VideoTestServices.Build(new Dictionary<string, string?>());
        var registry = services.GetRequiredService<IVideoProviderRegistry>();

        Assert.Equal(["GeminiVeo", "OpenAiVideos", "Simulator"], registry.Names.Order());
        Assert.Equal("Simulator", registry.Get("simulator").Name);
        Assert.True(registry.TryGet("GEMINIVEO", out var veo));
        Assert.Equal("GeminiVeo", veo.Name);
        Assert.False(registry.TryGet("Sora", out _));
        Assert.Throws<KeyNotFoundException>(() => registry.Get("Sora"));
    }

    [Fact]
    public void Registering_twice_changes_nothing()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddVideoProviders(configuration).AddVideoProviders(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(3, provider.GetServices<IVideoProvider>().Count());
        Assert.Equal(3, provider.GetRequiredService<IVideoProviderRegistry>().Names.Count);
    }

    [Fact]
    public void The_registered_clock_is_used_and_the_system_clock_is_the_fallback()
    {
        var time = new FakeTimeProvider();
        using var withClock = VideoTestServices.Build(new Dictionary<string, string?>(), time);
        using var without = VideoTestServices.Build(new Dictionary<string, string?>());

        Assert.Same(time, withClock.GetRequiredService<TimeProvider>());
        Assert.Same(TimeProvider.System, without.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void The_defaults_are_valid_at_start()
    {
        using var services = VideoTestServices.Build(new Dictionary<string, string?>());

        services.ValidateAtStart();

        var veo = services.GetRequiredService<IOptions<GeminiVeoOptions>>().Value;
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta", veo.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(10), veo.PollInterval);
    }

    [Theory]
    [InlineData("GeminiVeo:BaseUrl", "not a url", "GeminiVeo:BaseUrl must be an absolute http(s) URL.")]
    [InlineData("OpenAiVideos:BaseUrl", "ftp://example.com", "OpenAiVideos:BaseUrl must be an absolute http(s) URL.")]
    [InlineData("OpenAiVideos:WebhookSecret", "whsec_***", "OpenAiVideos:WebhookSecret must be base64 after its whsec_ prefix.")]
    [InlineData("Simulator:FailureRate", "1.5", "Simulator:FailureRate must be between 0 and 1.")]
    [InlineData("Video:Http:AttemptTimeout", "00:00:00", "Video:Http:AttemptTimeout must be between 10 ms and 1 day.")]
    public void A_bad_setting_stops_the_host_naming_the_key(string key, string value, string expected)
    {
        using var services = VideoTestServices.Build(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(services.ValidateAtStart);

        var failures = error is AggregateException all
            ? all.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
            : ((OptionsValidationException)error).Failures;
        Assert.Contains(expected, failures);
    }

    [Fact]
    public void The_veo_options_never_show_the_key()
    {
        var options = new GeminiVeoOptions { ApiKey = "AIza-secret-value" };

        Assert.DoesNotContain("AIza-secret-value", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("(set)", options.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500, "POST", true)]
    [InlineData(502, "POST", true)]
    [InlineData(503, "GET", true)]
    [InlineData(504, "GET", true)]
    [InlineData(429, "POST", false)]
    [InlineData(429, "GET", false)]
    [InlineData(400, "POST", false)]
    [InlineData(501, "GET", false)]
    public void Only_500_502_503_504_answers_are_retried(int status, string method, bool retried)
    {
        using var response = new HttpResponseMessage((System.Net.HttpStatusCode)status);

        Assert.Equal(retried, ProviderHttp.ShouldRetry(Outcome.FromResult(response), Context(method)));
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    public void A_failure_without_an_answer_is_retried_except_for_a_post(string method, bool retried) =>
        Assert.Equal(retried, ProviderHttp.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset")), Context(method)));

    private static ResilienceContext Context(string method)
    {
        var context = ResilienceContextPool.Shared.Get();
        context.SetRequestMessage(new HttpRequestMessage(new HttpMethod(method), "http://127.0.0.1/"));
        return context;
    }
}
