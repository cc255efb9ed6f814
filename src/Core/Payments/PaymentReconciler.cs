using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SoraGateway.Payments.Casso;

namespace SoraGateway.Payments;

/// <summary>
/// Closes the gap left by lost or late webhooks: pulls recent transactions from Casso's API and
/// feeds them through the same idempotent <see cref="BankTransferIngestion"/>.
/// </summary>
public sealed class PaymentReconciler(
    CassoApiClient casso,
    BankTransferIngestion ingestion,
    PaymentOrders orders,
    IOptions<CassoOptions> cassoOptions,
    IOptions<PaymentOptions> paymentOptions,
    TimeProvider time,
    ILogger<PaymentReconciler> logger)
{
    private const int PageSize = 100;
    private const int MaxPages = 20;

    public bool IsEnabled => casso.IsConfigured;

    /// <summary>Ingests every transaction of the lookback window; returns how many were new.</summary>
    public async Task<int> ReconcileAsync(CancellationToken ct)
    {
        if (!IsEnabled)
            return 0;
        var (from, to) = CassoApiClient.LookbackDates(time.GetUtcNow(), cassoOptions.Value.ReconcileLookbackDays);
        var fresh = 0;
        for (var page = 1; page <= MaxPages; page++)
        {
            var result = await casso.GetTransactionsAsync(from, to, page, PageSize, ct);
            foreach (var transfer in result.Records)
            {
                if ((await ingestion.IngestAsync(transfer, "reconciler", ct)).Outcome != IngestionOutcome.Duplicate)
                    fresh++;
            }

            if (page >= result.TotalPages || result.Records.Count == 0)
                break;
        }

        if (fresh > 0)
            logger.LogWarning("Reconciliation found {Count} transaction(s) that no webhook had delivered", fresh);
        return fresh;
    }

    /// <summary>
    /// The user's "I have paid": asks Casso to sync the account, pulls recent transactions, then
    /// reads the order again. Without a Casso API key it only re-reads the order.
    /// </summary>
    public async Task<PaymentOrder?> CheckOrderAsync(string orderCode, CancellationToken ct)
    {
        if (IsEnabled)
        {
            try
            {
                await casso.SyncAsync(paymentOptions.Value.AccountNumber, ct);
                await ReconcileAsync(ct);
            }
            catch (HttpRequestException ex)
            {
                // The user still gets the order's current state; the schedule will try again.
                logger.LogWarning("Casso check for {Order} failed: {Error}", orderCode, ex.Message);
            }
        }

        return await orders.FindAsync(orderCode, ct);
    }
}
