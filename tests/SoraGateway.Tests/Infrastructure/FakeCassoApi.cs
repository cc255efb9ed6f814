using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SoraGateway.Tests.Infrastructure;

/// <summary>An in-process stand-in for Casso's REST API (<c>/v2/transactions</c>, <c>/v2/sync</c>) on loopback.</summary>
public sealed class FakeCassoApi : IAsyncDisposable
{
    public const string ApiKey = "test-casso-api-key";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _syncs = new();

    private FakeCassoApi(WebApplication app) => _app = app;

    /// <summary>Transactions the API lists (V1 field names), newest first.</summary>
    public List<Dictionary<string, object>> Records { get; } = [];

    public IReadOnlyCollection<string> SyncedAccounts => _syncs.ToArray();
    public int TransactionRequests { get; private set; }
    public Uri BaseUrl => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v2");

    public static async Task<FakeCassoApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeCassoApi(app);
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != $"Apikey {ApiKey}")
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { error = 401, message = "Unauthorized" });
                return;
            }

            await next(context);
        });
        app.MapGet("/v2/transactions", (int page, int pageSize) =>
        {
            fake.TransactionRequests++;
            var records = fake.Records.Skip((page - 1) * pageSize).Take(pageSize).ToList();
            var totalPages = Math.Max(1, (fake.Records.Count + pageSize - 1) / pageSize);
            return Results.Json(new { error = 0, message = "success", data = new { page, pageSize, totalPages, totalRecords = fake.Records.Count, records } });
        });
        app.MapPost("/v2/sync", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            fake._syncs.Enqueue(body.RootElement.GetProperty("bank_acc_id").GetString()!);
            return Results.Json(new { error = 0, message = "success", data = (object?)null });
        });
        await app.StartAsync();
        return fake;
    }

    public void Add(long id, long amount, string description) => Records.Insert(0, new Dictionary<string, object>
    {
        ["id"] = id,
        ["tid"] = $"FT{id}",
        ["description"] = description,
        ["amount"] = amount,
        ["cusum_balance"] = 5_000_000,
        ["when"] = "2026-12-04 10:00:00",
        ["bank_sub_acc_id"] = "1234567890",
    });

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
