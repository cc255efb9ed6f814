using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SoraGateway.Persistence;

namespace SoraGateway.Payments;

/// <summary>Creating, finding, cancelling and expiring payment orders.</summary>
public sealed class PaymentOrders(GatewayDbContext db, CreditPackageCatalog packages, IOptions<PaymentOptions> options, TimeProvider time)
{
    private readonly OrderCodeFormat _codes = new(options.Value.CodePrefix);

    /// <summary>
    /// An order for the package: the user's open order for the same package if there is one,
    /// otherwise a new one — unless they already hold the maximum of open orders.
    /// </summary>
    public async Task<CreateOrderResult> CreateAsync(long userId, string packageCode, string channel, string chatId, CancellationToken ct)
    {
        var package = await packages.FindAsync(packageCode, ct);
        if (package is not { Active: true })
            return new CreateOrderResult(CreateOrderStatus.UnknownPackage, null);

        var now = time.GetUtcNow().UtcDateTime;
        var open = await OpenOrders(userId, now).ToListAsync(ct);
        if (open.FirstOrDefault(o => o.PackageCode == package.Code && o.AmountVnd == package.PriceVnd) is { } same)
            return new CreateOrderResult(CreateOrderStatus.ReusedOpenOrder, same);
        if (open.Count >= options.Value.MaxOpenOrders)
            return new CreateOrderResult(CreateOrderStatus.TooManyOpenOrders, open[0]);

        for (var attempt = 0; ; attempt++)
        {
            var order = new PaymentOrder
            {
                OrderCode = _codes.Generate(),
                UserId = userId,
                PackageCode = package.Code,
                Credits = package.Credits,
                AmountVnd = package.PriceVnd,
                Channel = channel,
                ChatId = chatId,
                CreatedAt = now,
                ExpiresAt = now.AddMinutes(options.Value.OrderTtlMinutes),
            };
            db.PaymentOrders.Add(order);
            try
            {
                await db.SaveChangesAsync(ct);
                return new CreateOrderResult(CreateOrderStatus.Created, order);
            }
            catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && attempt < 3)
            {
                // 40 random bits: a clash is next to impossible, but the unique index decides.
                db.Entry(order).State = EntityState.Detached;
            }
        }
    }

    /// <summary>The order with this code (exact, upper-case), or null.</summary>
    public Task<PaymentOrder?> FindAsync(string orderCode, CancellationToken ct)
    {
        var code = orderCode.Trim().ToUpperInvariant();
        return db.PaymentOrders.AsNoTracking().SingleOrDefaultAsync(o => o.OrderCode == code, ct);
    }

    /// <summary>The user's orders, newest first.</summary>
    public Task<List<PaymentOrder>> ListForUserAsync(long userId, int page, int pageSize, CancellationToken ct) =>
        db.PaymentOrders.AsNoTracking().Where(o => o.UserId == userId)
            .OrderByDescending(o => o.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(ct);

    /// <summary>Orders of the user that still wait for money and have not expired.</summary>
    public Task<List<PaymentOrder>> ListOpenAsync(long userId, CancellationToken ct) =>
        OpenOrders(userId, time.GetUtcNow().UtcDateTime).ToListAsync(ct);

    /// <summary>Cancels the user's pending order. A transfer that still arrives pays it anyway.</summary>
    public async Task<bool> CancelAsync(long userId, string orderCode, CancellationToken ct) =>
        await db.PaymentOrders
            .Where(o => o.UserId == userId && o.OrderCode == orderCode && o.Status == PaymentOrderStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, PaymentOrderStatus.Cancelled), ct) == 1;

    /// <summary>Marks pending orders past their expiry as expired; returns how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await db.PaymentOrders
            .Where(o => o.Status == PaymentOrderStatus.Pending && o.ExpiresAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, PaymentOrderStatus.Expired), ct);
    }

    private IQueryable<PaymentOrder> OpenOrders(long userId, DateTime now) =>
        db.PaymentOrders.AsNoTracking()
            .Where(o => o.UserId == userId && o.Status == PaymentOrderStatus.Pending && o.ExpiresAt > now)
            .OrderBy(o => o.Id);
}

/// <summary>The result of <see cref="PaymentOrders.CreateAsync"/>.</summary>
public sealed record CreateOrderResult(CreateOrderStatus Status, PaymentOrder? Order);

/// <summary>What <see cref="PaymentOrders.CreateAsync"/> did.</summary>
public enum CreateOrderStatus
{
    Created,

    /// <summary>The user already had an open order for this package: that one is returned.</summary>
    ReusedOpenOrder,

    /// <summary>The user holds the maximum of open orders; <see cref="CreateOrderResult.Order"/> is the oldest.</summary>
    TooManyOpenOrders,

    UnknownPackage,
}
