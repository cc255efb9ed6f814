using Microsoft.EntityFrameworkCore;
using SoraGateway.Admin;
using SoraGateway.Conversations;
using SoraGateway.Ledger;
using SoraGateway.Outbox;
using SoraGateway.Payments;
using SoraGateway.Users;
using SoraGateway.Videos.Jobs;
using SoraGateway.Webhooks;

namespace SoraGateway.Persistence;

/// <summary>
/// The one database of the gateway. Each provider has a derived context so that each keeps its
/// own migration set (<see cref="SqliteGatewayDbContext"/>, <see cref="PostgresGatewayDbContext"/>);
/// services depend on this base type only.
/// </summary>
public abstract class GatewayDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<ChannelIdentity> ChannelIdentities => Set<ChannelIdentity>();
    public DbSet<CreditAccount> CreditAccounts => Set<CreditAccount>();
    public DbSet<LedgerTransaction> LedgerTransactions => Set<LedgerTransaction>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<CreditPackage> CreditPackages => Set<CreditPackage>();
    public DbSet<PaymentOrder> PaymentOrders => Set<PaymentOrder>();
    public DbSet<BankTransaction> BankTransactions => Set<BankTransaction>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<AdminAction> AdminActions => Set<AdminAction>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<VideoJob> VideoJobs => Set<VideoJob>();

    /// <summary>Which SQL dialect the raw statements of this context must speak.</summary>
    public abstract DatabaseProvider Provider { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GatewayDbContext).Assembly);
    }
}

/// <summary>The supported databases.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
