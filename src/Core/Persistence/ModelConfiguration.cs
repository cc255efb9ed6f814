using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SoraGateway.Ledger;
using SoraGateway.Payments;
using SoraGateway.Users;

namespace SoraGateway.Persistence;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.Language).HasMaxLength(8);
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
