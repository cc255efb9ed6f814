using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SoraGateway.Videos.Offerings;
using SoraGateway.Videos.Providers;
using SoraGateway.Videos.Providers.GeminiVeo;
using SoraGateway.Videos.Providers.OpenAiVideos;
using SoraGateway.Videos.Providers.Simulator;

namespace SoraGateway.Videos;

/// <summary>Registers the video providers, their settings and the offering catalog.</summary>
public static class VideoServiceCollectionExtensions
{
    /// <summary>
    /// Options (<c>GeminiVeo</c>, <c>OpenAiVideos</c>, <c>Simulator</c>, <c>Video:Http</c>,
    /// <c>Video:Offerings</c>; all validated at start), the three adapters as
    /// <see cref="IVideoProvider"/>, <see cref="IVideoProviderRegistry"/> and
    /// <see cref="VideoOfferingCatalog"/> (singletons). Uses the registered <see cref="TimeProvider"/>,
    /// or <see cref="TimeProvider.System"/> when there is none.
    /// </summary>
    public static IServiceCollection AddVideoProviders(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Once is enough: a second call would stack a second resilience handler on the clients.
        if (services.Any(d => d.ServiceType == typeof(IVideoProviderRegistry)))
            return services;
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<VideoHttpOptions>().Bind(configuration.GetSection(VideoHttpOptions.Section))
            .Validate(o => IsTimeout(o.AttemptTimeout), "Video:Http:AttemptTimeout must be between 10 ms and 1 day.")
            .Validate(o => IsTimeout(o.TotalTimeout), "Video:Http:TotalTimeout must be between 10 ms and 1 day.")
            .Validate(o => o.MaxRetryAttempts is >= 0 and <= 10, "Video:Http:MaxRetryAttempts must be between 0 and 10.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.Zero && o.RetryBaseDelay <= TimeSpan.FromMinutes(1),
                "Video:Http:RetryBaseDelay must be between 0 and 1 minute.")
            .ValidateOnStart();

        services.AddOptions<GeminiVeoOptions>().Bind(configuration.GetSection(GeminiVeoOptions.Section))
            .Validate(o => ProviderHttp.IsHttpUrl(o.BaseUrl), "GeminiVeo:BaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "GeminiVeo:PollInterval must be positive.")
            .Validate(o => o.DefaultRetryAfter > TimeSpan.Zero, "GeminiVeo:DefaultRetryAfter must be positive.")
            .ValidateOnStart();

        services.AddOptions<OpenAiVideosOptions>().Bind(configuration.GetSection(OpenAiVideosOptions.Section))
            .Validate(o => ProviderHttp.IsHttpUrl(o.BaseUrl), "OpenAiVideos:BaseUrl must be an absolute http(s) URL.")
            .Validate(o => string.IsNullOrWhiteSpace(o.WebhookSecret) || StandardWebhookSignature.KeyFromSecret(o.WebhookSecret) is { Length: > 0 },
                "OpenAiVideos:WebhookSecret must be base64 after its whsec_ prefix.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "OpenAiVideos:PollInterval must be positive.")
            .Validate(o => o.DefaultRetryAfter > TimeSpan.Zero, "OpenAiVideos:DefaultRetryAfter must be positive.")
            .ValidateOnStart();

        services.AddOptions<SimulatorOptions>().Bind(configuration.GetSection(SimulatorOptions.Section))
            .Validate(o => o.Delay >= TimeSpan.Zero, "Simulator:Delay must not be negative.")
            .Validate(o => o.FailureRate is >= 0 and <= 1, "Simulator:FailureRate must be between 0 and 1.")
            .Validate(o => o.RefusalRate is >= 0 and <= 1, "Simulator:RefusalRate must be between 0 and 1.")
            .Validate(o => o.FailureRate + o.RefusalRate <= 1, "Simulator:FailureRate + Simulator:RefusalRate must not exceed 1.")
            .ValidateOnStart();

        services.AddOptions<VideoOfferingOptions>().Bind(configuration.GetSection(VideoOfferingOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VideoOfferingOptions>, VideoOfferingOptionsValidator>());
        services.TryAddSingleton<VideoOfferingCatalog>();

        services.AddVideoProviderHttpClient(GeminiVeoProvider.HttpClientName);
        services.AddVideoProviderHttpClient(OpenAiVideosProvider.HttpClientName);
        services.TryAddSingleton<GeminiVeoProvider>();
        services.TryAddSingleton<OpenAiVideosProvider>();
        services.TryAddSingleton<SimulatorProvider>();
        services.AddSingleton<IVideoProvider>(sp => sp.GetRequiredService<GeminiVeoProvider>());
        services.AddSingleton<IVideoProvider>(sp => sp.GetRequiredService<OpenAiVideosProvider>());
        services.AddSingleton<IVideoProvider>(sp => sp.GetRequiredService<SimulatorProvider>());
        services.TryAddSingleton<IVideoProviderRegistry, VideoProviderRegistry>();
        return services;
    }

    // Polly's time-out strategy accepts 10 ms to 1 day.
    private static bool IsTimeout(TimeSpan value) => value >= TimeSpan.FromMilliseconds(10) && value <= TimeSpan.FromDays(1);
}
