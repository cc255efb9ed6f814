using SoraGateway.Payments.Casso;

namespace SoraGateway.WebhookHost.Payments;

/// <summary><c>POST /webhooks/casso</c>: bank transfers reported by Casso (V2 and legacy V1).</summary>
public static class CassoWebhookEndpoint
{
    private const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapCassoWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/casso", async (HttpRequest request, CassoWebhookReceiver receiver, CancellationToken ct) =>
        {
            var body = await RequestBody.ReadAsync(request, MaxBodyBytes, ct);
            if (body is null)
                return Results.Problem($"The body is larger than {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);

            var result = await receiver.ReceiveAsync(body.Value,
                request.Headers[CassoWebhookReceiver.SignatureHeader].FirstOrDefault(),
                request.Headers[CassoWebhookReceiver.SecureTokenHeader].FirstOrDefault(), ct);
            return result.Verdict switch
            {
                CassoWebhookVerdict.Accepted => Results.Ok(new
                {
                    success = true,
                    transactions = result.Transfers.Select(t => new { outcome = t.Outcome.ToString(), order = t.OrderCode }),
                }),
                CassoWebhookVerdict.Unauthorized => Results.Problem(result.Reason, statusCode: StatusCodes.Status401Unauthorized,
                    title: "Casso signature rejected"),
                _ => Results.Problem(result.Reason, statusCode: StatusCodes.Status400BadRequest, title: "Not a Casso webhook"),
            };
        });
        return app;
    }
}
