using Microsoft.EntityFrameworkCore;
using SoraGateway.Persistence;

namespace SoraGateway.Payments;

/// <summary>The credit packages on sale, and their administration.</summary>
public sealed class CreditPackageCatalog(GatewayDbContext db)
{
    /// <summary>Active packages in display order: what <c>/buy</c> shows.</summary>
    public Task<List<CreditPackage>> ListActiveAsync(CancellationToken ct) =>
        db.CreditPackages.AsNoTracking().Where(p => p.Active)
            .OrderBy(p => p.DisplayOrder).ThenBy(p => p.Id).ToListAsync(ct);

    /// <summary>Every package, active or not (admin view).</summary>
    public Task<List<CreditPackage>> ListAllAsync(CancellationToken ct) =>
        db.CreditPackages.AsNoTracking().OrderBy(p => p.DisplayOrder).ThenBy(p => p.Id).ToListAsync(ct);

    /// <summary>The package with this code (case-insensitive), or null.</summary>
    public Task<CreditPackage?> FindAsync(string code, CancellationToken ct)
    {
        var normalized = code.Trim().ToUpperInvariant();
        return db.CreditPackages.AsNoTracking().SingleOrDefaultAsync(p => p.Code == normalized, ct);
    }

    /// <summary>Creates a package or updates the one with the same code.</summary>
    public async Task<CreditPackage> UpsertAsync(CreditPackage package, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(package);
        package.Code = package.Code.Trim().ToUpperInvariant();
        Validate(package);
        var existing = await db.CreditPackages.SingleOrDefaultAsync(p => p.Code == package.Code, ct);
        if (existing is null)
        {
            db.CreditPackages.Add(package);
            existing = package;
        }
        else
        {
            existing.NameVi = package.NameVi;
            existing.NameEn = package.NameEn;
            existing.Credits = package.Credits;
            existing.PriceVnd = package.PriceVnd;
            existing.Active = package.Active;
            existing.DisplayOrder = package.DisplayOrder;
        }

        await db.SaveChangesAsync(ct);
        return existing;
    }

    /// <summary>Shows or hides a package in <c>/buy</c>; open orders for it stay payable.</summary>
    public async Task<bool> SetActiveAsync(string code, bool active, CancellationToken ct)
    {
        var normalized = code.Trim().ToUpperInvariant();
        return await db.CreditPackages.Where(p => p.Code == normalized)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Active, active), ct) == 1;
    }

    private static void Validate(CreditPackage p)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(p.Code, "^[A-Z0-9_]{2,20}$"))
            throw new ArgumentException("A package code is 2–20 characters of A–Z, 0–9 and _.", nameof(p));
        if (string.IsNullOrWhiteSpace(p.NameVi) || string.IsNullOrWhiteSpace(p.NameEn))
            throw new ArgumentException("A package needs a Vietnamese and an English name.", nameof(p));
        if (p.Credits <= 0 || p.PriceVnd < 1_000)
            throw new ArgumentException("Credits must be positive and the price at least 1,000 VND.", nameof(p));
    }
}
