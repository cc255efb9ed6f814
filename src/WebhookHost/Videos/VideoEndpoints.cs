using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SoraGateway.Persistence;
using SoraGateway.Storage;
using SoraGateway.Videos.Delivery;
using SoraGateway.Videos.Jobs;
using SoraGateway.Videos.Providers;
using SoraGateway.Webhooks;

namespace SoraGateway.WebhookHost.Videos;

/// <summary>Provider job webhooks and signed video downloads.</summary>
public static class VideoEndpoints
{
    private const int MaxWebhookBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapVideoEndpoints(this IEndpointRouteBuilder app)
    {
        // A provider says a job changed: verify, dedupe, and have the runners look at the job now.
        // Polling always works; this only shortens the wait, so the answer never depends on the job.
        app.MapPost("/webhooks/video/{provider}", async (string provider, HttpRequest request, IVideoProviderRegistry providers,
            WebhookDeduplicator dedupe, GatewayDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            if (!providers.TryGet(provider, out var adapter))
                return Results.Problem($"No video provider '{provider}'.", statusCode: StatusCodes.Status404NotFound);
            var body = await RequestBody.ReadAsync(request, MaxWebhookBytes, ct);
            if (body is null)
                return Results.Problem("The body is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);

            var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var notice = adapter.VerifyWebhook(headers, body.Value.Span, time.GetUtcNow());
            if (notice is null)
                return Results.Problem("The webhook signature is missing, wrong or too old.", statusCode: StatusCodes.Status401Unauthorized);
            if (!await dedupe.FirstTimeAsync($"video:{adapter.Name}", notice.EventId, ct))
                return Results.Ok(new { duplicate = true });

            var known = await VideoJobRunner.PokeAsync(db, adapter.Name, notice.ProviderJobId, time.GetUtcNow().UtcDateTime, ct);
            return Results.Ok(new { job = known });
        });

        // Signed, expiring download links for videos too large for Telegram or for Zalo.
        app.MapGet("/v/{id}", async (string id, long? exp, string? sig, SignedLinks links, GatewayDbContext db, MediaStore media, CancellationToken ct) =>
        {
            if (!Guid.TryParseExact(id, "N", out var jobId) || exp is not { } expires || !links.IsValid(jobId, expires, sig))
                return Results.Problem("This link is not valid or has expired.", statusCode: StatusCodes.Status403Forbidden);
            var path = await db.VideoJobs.Where(j => j.Id == jobId && j.Status == VideoJobStatus.Completed)
                .Select(j => j.FilePath).SingleOrDefaultAsync(ct);
            if (path is null || !media.Exists(path))
                return Results.Problem("This video is no longer available.", statusCode: StatusCodes.Status404NotFound);
            return Results.File(media.FullPath(path), "video/mp4", string.Create(CultureInfo.InvariantCulture, $"sora-{jobId:N}.mp4"),
                enableRangeProcessing: true);
        });
        return app;
    }
}
