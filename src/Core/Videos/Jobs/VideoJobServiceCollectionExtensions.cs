using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Videos.Delivery;

namespace SoraGateway.Videos.Jobs;

/// <summary>Registers the job runner and signed links; the Bot host adds the runner's schedule.</summary>
public static class VideoJobServiceCollectionExtensions
{
    public static IServiceCollection AddVideoJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LinkOptions>().Bind(configuration.GetSection(LinkOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.SigningKey) || o.SigningKey.Length >= 32, "Links:SigningKey must be at least 32 characters.")
            .Validate(o => string.IsNullOrEmpty(o.PublicBaseUrl) || Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Links:PublicBaseUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<SignedLinks>();
        services.AddSingleton<VideoJobRunner>();
        return services;
    }

    /// <summary>The runner's loop (Bot host). Several hosts may run it against one PostgreSQL.</summary>
    public static IServiceCollection AddVideoJobRunner(this IServiceCollection services)
    {
        services.AddHostedService<VideoJobRunnerService>();
        return services;
    }

    private sealed class VideoJobRunnerService(VideoJobRunner runner, IOptions<VideoJobOptions> options, TimeProvider time, ILogger<VideoJobRunnerService> logger)
        : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(options.Value.PollInterval, time);
            var nextPurge = time.GetUtcNow();
            do
            {
                try
                {
                    await runner.RunOnceAsync(stoppingToken);
                    if (time.GetUtcNow() >= nextPurge)
                    {
                        await runner.PurgeDeletedFilesAsync(stoppingToken);
                        nextPurge = time.GetUtcNow().AddHours(1);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Video job round failed; next round on schedule");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
    }
}
