using Microsoft.EntityFrameworkCore;
using SoraGateway.Ledger;
using SoraGateway.Persistence;

namespace SoraGateway.Users;

/// <summary>Finds the user behind a channel account, creating user, identity and wallet on first contact.</summary>
public sealed class UserDirectory(GatewayDbContext db, TimeProvider time)
{
    /// <summary>
    /// Returns the user of (<paramref name="channel"/>, <paramref name="externalId"/>), creating it
    /// with an empty wallet if this is their first message. Safe when two updates race.
    /// </summary>
    public async Task<User> FindOrCreateAsync(string channel, string externalId, string displayName, string? languageHint, CancellationToken ct)
    {
        if (!ChannelNames.IsKnown(channel))
            throw new ArgumentException($"Unknown channel '{channel}'.", nameof(channel));
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);

        if (await FindAsync(channel, externalId, ct) is { } existing)
            return existing;

        var now = time.GetUtcNow().UtcDateTime;
        var user = new User
        {
            DisplayName = Truncate(string.IsNullOrWhiteSpace(displayName) ? externalId : displayName.Trim(), 200),
            Language = Languages.Normalize(languageHint),
            CreatedAt = now,
        };
        user.Identities.Add(new ChannelIdentity { Channel = channel, ExternalId = externalId, CreatedAt = now });
        db.Users.Add(user);
        try
        {
            await using var tx = await db.BeginNestedAsync(ct);
            await db.SaveChangesAsync(ct);
            db.CreditAccounts.Add(new CreditAccount { UserId = user.Id, Balance = 0, UpdatedAt = now });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return user;
        }
        catch (DbUpdateException)
        {
            // Another update of the same person created them first: use theirs.
            db.ChangeTracker.Clear();
            return await FindAsync(channel, externalId, ct)
                ?? throw new InvalidOperationException($"Could not create a user for {channel}:{externalId}.");
        }
    }

    /// <summary>The user of a channel account, or null.</summary>
    public Task<User?> FindAsync(string channel, string externalId, CancellationToken ct) =>
        db.ChannelIdentities.AsNoTracking()
            .Where(i => i.Channel == channel && i.ExternalId == externalId)
            .Select(i => i.User!)
            .SingleOrDefaultAsync(ct);

    /// <summary>The user with this id, or null.</summary>
    public Task<User?> GetAsync(long userId, CancellationToken ct) =>
        db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);

    /// <summary>Changes the language of every message the user gets.</summary>
    public async Task SetLanguageAsync(long userId, string language, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, Languages.Normalize(language)), ct);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
