using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SoraGateway.Tests.Videos.Fakes;

namespace SoraGateway.Tests.Infrastructure;

/// <summary>An in-process stand-in for Casso's REST API (<c>/v2/transactions</c>, <c>/v2/sync</c>) on loopback.</summary>
public sealed class FakeCassoApi : IAsyncDisposable
{
    public const string ApiKey = "test-casso-api-key";
    private readonly ConcurrentQueue<string> _syncs = new();
    private KestrelFake? _server;
    private int _transactionRequests;

    /// <summary>Transactions the API lists (V1 field names), newest first.</summary>
    public List<Dictionary<string, object>> Records { get; } = [];

    public IReadOnlyCollection<string> SyncedAccounts => _syncs.ToArray();
    public int TransactionRequests => _transactionRequests;
    public Uri BaseUrl => new(_server!.Address, "/v2");

    public static async Task<FakeCassoApi> StartAsync()
    {
        var fake = new FakeCassoApi();
        fake._server = await KestrelFake.StartAsync(fake.HandleAsync);
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

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        if (request.Header("Authorization") != $"Apikey {ApiKey}")
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { error = 401, message = "Unauthorized" });
            return;
        }

        switch (request.Path)
        {
            case "/v2/transactions":
                Interlocked.Increment(ref _transactionRequests);
                var page = int.Parse(context.Request.Query["page"]!, CultureInfo.InvariantCulture);
                var pageSize = int.Parse(context.Request.Query["pageSize"]!, CultureInfo.InvariantCulture);
                var records = Records.Skip((page - 1) * pageSize).Take(pageSize).ToList();
                var totalPages = Math.Max(1, (Records.Count + pageSize - 1) / pageSize);
                await context.Response.WriteAsJsonAsync(new { error = 0, message = "success", data = new { page, pageSize, totalPages, totalRecords = Records.Count, records } });
                break;
            case "/v2/sync":
                using (var body = JsonDocument.Parse(request.Body))
                    _syncs.Enqueue(body.RootElement.GetProperty("bank_acc_id").GetString()!);
                await context.Response.WriteAsJsonAsync(new { error = 0, message = "success", data = (object?)null });
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }
}
