using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SoraGateway.Payments.Casso;

/// <summary>
/// Casso's REST API, for reconciliation: list recent transactions and ask Casso to sync the bank
/// account now (it then pushes fresh transactions by webhook).
/// </summary>
public sealed class CassoApiClient(HttpClient http, IOptions<CassoOptions> options)
{
    private static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.ApiKey);

    /// <summary>One page of transactions between two Vietnam-local dates, newest first.</summary>
    public async Task<CassoTransactionPage> GetTransactionsAsync(DateOnly from, DateOnly to, int page, int pageSize, CancellationToken ct)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"transactions?fromDate={from:yyyy-MM-dd}&toDate={to:yyyy-MM-dd}&page={page}&pageSize={pageSize}&sort=DESC");
        using var request = Request(HttpMethod.Get, url);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Number && error.GetInt32() != 0)
            throw new HttpRequestException($"Casso API error {error.GetInt32()}: {Text(root, "message")}");

        var data = root.GetProperty("data");
        var records = data.TryGetProperty("records", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(CassoPayloads.ParseApiRecord).ToList()
            : [];
        var totalPages = data.TryGetProperty("totalPages", out var tp) && tp.TryGetInt32(out var pages) ? pages : page;
        return new CassoTransactionPage(records, page, totalPages);
    }

    /// <summary>Asks Casso to fetch the account's newest transactions from the bank now.</summary>
    public async Task SyncAsync(string bankAccountNumber, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Post, "sync");
        request.Content = JsonContent.Create(new Dictionary<string, string> { ["bank_acc_id"] = bankAccountNumber });
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Today and the days before it, in Vietnam local dates.</summary>
    public static (DateOnly From, DateOnly To) LookbackDates(DateTimeOffset now, int days)
    {
        var today = DateOnly.FromDateTime(now.ToOffset(VietnamOffset).DateTime);
        return (today.AddDays(-(days - 1)), today);
    }

    private HttpRequestMessage Request(HttpMethod method, string relative)
    {
        var baseUrl = options.Value.ApiBaseUrl.TrimEnd('/') + "/";
        var request = new HttpRequestMessage(method, new Uri(new Uri(baseUrl), relative));
        request.Headers.TryAddWithoutValidation("Authorization", "Apikey " + options.Value.ApiKey);
        return request;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>One page of <see cref="CassoApiClient.GetTransactionsAsync"/>.</summary>
public sealed record CassoTransactionPage(IReadOnlyList<IncomingBankTransfer> Records, int Page, int TotalPages);
