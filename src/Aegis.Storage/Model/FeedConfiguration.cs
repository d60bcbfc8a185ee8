using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The hash feed's tables.</summary>
internal static class FeedConfiguration
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SharedHashRow>(e =>
        {
            e.ToTable("shared_hashes");
            e.HasKey(x => x.Sequence);
            e.Property(x => x.EntryId).HasMaxLength(32);
            e.Property(x => x.Category).HasMaxLength(32);

            // An overturned appeal finds its case's entries; no foreign key (an append-only log, as bank_changes).
            e.HasIndex(x => x.CaseId);
        });

        modelBuilder.Entity<FeedKeyRow>(e =>
        {
            e.ToTable("feed_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.KeyId).HasMaxLength(64);
            e.Property(x => x.SealKeyId).HasMaxLength(64);
            e.HasIndex(x => x.KeyId).IsUnique();
        });
    }
}
