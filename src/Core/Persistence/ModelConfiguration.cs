using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SoraGateway.Admin;
using SoraGateway.Conversations;
using SoraGateway.Ledger;
using SoraGateway.Outbox;
using SoraGateway.Payments;
using SoraGateway.Users;
using SoraGateway.Videos.Jobs;
using SoraGateway.Webhooks;

namespace SoraGateway.Persistence;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.Language).HasMaxLength(8);
        b.Property(u => u.StartParameter).HasMaxLength(64);
        b.HasMany(u => u.Identities).WithOne(i => i.User).HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ChannelIdentityConfiguration : IEntityTypeConfiguration<ChannelIdentity>
{
    public void Configure(EntityTypeBuilder<ChannelIdentity> b)
    {
        b.Property(i => i.Channel).HasMaxLength(16);
        b.Property(i => i.ExternalId).HasMaxLength(64);
        b.HasIndex(i => new { i.Channel, i.ExternalId }).IsUnique();
    }
}

internal sealed class CreditAccountConfiguration : IEntityTypeConfiguration<CreditAccount>
{
    public void Configure(EntityTypeBuilder<CreditAccount> b)
    {
        b.HasKey(a => a.UserId);
        b.Property(a => a.UserId).ValueGeneratedNever();
        b.HasOne<User>().WithOne().HasForeignKey<CreditAccount>(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
        // Second safety net behind the conditional debit (money rule 4).
        b.ToTable(t => t.HasCheckConstraint("ck_credit_accounts_balance_not_negative", "balance >= 0"));
    }
}

internal sealed class LedgerTransactionConfiguration : IEntityTypeConfiguration<LedgerTransaction>
{
    public void Configure(EntityTypeBuilder<LedgerTransaction> b)
    {
        b.Property(t => t.IdempotencyKey).HasMaxLength(200);
        b.HasIndex(t => t.IdempotencyKey).IsUnique();
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Reference).HasMaxLength(200);
        b.Property(t => t.Actor).HasMaxLength(100);
        b.Property(t => t.Note).HasMaxLength(500);
        // NULLs are distinct in both databases, so only real refunds compete for this index.
        b.HasIndex(t => t.RefundOf).IsUnique();
        b.HasOne<LedgerTransaction>().WithMany().HasForeignKey(t => t.RefundOf).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => new { t.UserId, t.Id });
        b.HasIndex(t => t.Reference);
        b.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(t => t.Entries).WithOne().HasForeignKey(e => e.TransactionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.Property(e => e.Account).HasMaxLength(32);
        b.HasIndex(e => new { e.UserId, e.Account, e.Id });
    }
}

internal sealed class CreditPackageConfiguration : IEntityTypeConfiguration<CreditPackage>
{
    public void Configure(EntityTypeBuilder<CreditPackage> b)
    {
        b.Property(p => p.Code).HasMaxLength(20);
        b.HasIndex(p => p.Code).IsUnique();
        b.Property(p => p.NameVi).HasMaxLength(100);
        b.Property(p => p.NameEn).HasMaxLength(100);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_credit_packages_credits_positive", "credits > 0");
            t.HasCheckConstraint("ck_credit_packages_price_positive", "price_vnd > 0");
        });
    }
}

internal sealed class PaymentOrderConfiguration : IEntityTypeConfiguration<PaymentOrder>
{
    public void Configure(EntityTypeBuilder<PaymentOrder> b)
    {
        b.Property(o => o.OrderCode).HasMaxLength(19);
        b.HasIndex(o => o.OrderCode).IsUnique();
        b.Property(o => o.PackageCode).HasMaxLength(20);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(o => o.Channel).HasMaxLength(16);
        b.Property(o => o.ChatId).HasMaxLength(64);
        b.HasIndex(o => new { o.UserId, o.Status });
        b.HasIndex(o => new { o.Status, o.ExpiresAt });
        b.HasOne<User>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_payment_orders_amount_positive", "amount_vnd > 0");
            t.HasCheckConstraint("ck_payment_orders_credits_positive", "credits > 0");
        });
    }
}

internal sealed class BankTransactionConfiguration : IEntityTypeConfiguration<BankTransaction>
{
    public void Configure(EntityTypeBuilder<BankTransaction> b)
    {
        b.Property(t => t.Provider).HasMaxLength(16);
        b.Property(t => t.ProviderTransactionId).HasMaxLength(64);
        b.HasIndex(t => new { t.Provider, t.ProviderTransactionId }).IsUnique();
        b.Property(t => t.Description).HasMaxLength(1000);
        b.Property(t => t.BankReference).HasMaxLength(100);
        b.Property(t => t.CounterAccountName).HasMaxLength(200);
        b.Property(t => t.CounterAccountNumber).HasMaxLength(64);
        b.Property(t => t.Source).HasMaxLength(16);
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Note).HasMaxLength(500);
        b.HasIndex(t => t.Status);
        b.HasIndex(t => t.OrderId);
        b.HasOne<PaymentOrder>().WithMany().HasForeignKey(t => t.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LedgerTransaction>().WithMany().HasForeignKey(t => t.LedgerTransactionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(t => t.LedgerTransactionId).IsUnique();
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(m => m.Channel).HasMaxLength(16);
        b.Property(m => m.ChatId).HasMaxLength(64);
        b.Property(m => m.Kind).HasMaxLength(40);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.LastError).HasMaxLength(500);
        b.Property(m => m.LeaseOwner).HasMaxLength(64);
        b.HasIndex(m => new { m.Status, m.AvailableAt });
    }
}

internal sealed class AdminActionConfiguration : IEntityTypeConfiguration<AdminAction>
{
    public void Configure(EntityTypeBuilder<AdminAction> b)
    {
        b.Property(a => a.Actor).HasMaxLength(100);
        b.Property(a => a.Action).HasMaxLength(50);
        b.Property(a => a.Subject).HasMaxLength(200);
        b.Property(a => a.Detail).HasMaxLength(1000);
        b.HasIndex(a => a.CreatedAt);
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.Property(c => c.Channel).HasMaxLength(16);
        b.Property(c => c.ChatId).HasMaxLength(64);
        b.HasIndex(c => new { c.Channel, c.ChatId }).IsUnique();
        b.Property(c => c.State).HasConversion<string>().HasMaxLength(24);
        b.Property(c => c.MenuToken).HasMaxLength(8);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> b)
    {
        b.Property(e => e.Provider).HasMaxLength(24);
        b.Property(e => e.EventId).HasMaxLength(100);
        b.HasIndex(e => new { e.Provider, e.EventId }).IsUnique();
        b.HasIndex(e => e.ReceivedAt);
    }
}

internal sealed class VideoJobConfiguration : IEntityTypeConfiguration<VideoJob>
{
    public void Configure(EntityTypeBuilder<VideoJob> b)
    {
        b.Property(j => j.Id).ValueGeneratedNever();
        b.Property(j => j.Channel).HasMaxLength(16);
        b.Property(j => j.ChatId).HasMaxLength(64);
        b.Property(j => j.Prompt).HasMaxLength(2000);
        b.Property(j => j.ImagePath).HasMaxLength(300);
        b.Property(j => j.OfferingCode).HasMaxLength(32);
        b.Property(j => j.Provider).HasMaxLength(24);
        b.Property(j => j.Model).HasMaxLength(64);
        b.Property(j => j.Resolution).HasMaxLength(8);
        b.Property(j => j.Orientation).HasMaxLength(12);
        b.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(j => j.ProviderJobId).HasMaxLength(200);
        b.HasIndex(j => new { j.Provider, j.ProviderJobId }).IsUnique();
        // Every save by a runner is conditional on still holding the job's lease.
        b.Property(j => j.LeaseOwner).HasMaxLength(64).IsConcurrencyToken();
        b.Property(j => j.FilePath).HasMaxLength(300);
        b.Property(j => j.ChannelFileId).HasMaxLength(200);
        b.Property(j => j.StatusMessageId).HasMaxLength(64);
        b.Property(j => j.StatusText).HasMaxLength(1000);
        b.Property(j => j.FailureCode).HasMaxLength(64);
        b.Property(j => j.FailureReason).HasMaxLength(500);
        b.Ignore(j => j.DebitKey);
        b.Ignore(j => j.RefundKey);
        b.HasIndex(j => new { j.Status, j.NextAttemptAt });
        b.HasIndex(j => new { j.UserId, j.CreatedAt });
        b.HasOne<User>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_video_jobs_price_positive", "price_credits > 0"));
    }
}
