using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The hash exchanges' tables.</summary>
internal static class ExchangeConfiguration
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ExchangeRow>(e =>
        {
            e.ToTable("exchanges");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(Core.Exchanges.ExchangeRules.MaxNameLength);
            e.Property(x => x.Api).HasMaxLength(64);
            e.Property(x => x.CredentialsKeyId).HasMaxLength(64);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.Property(x => x.FeedbackReason).HasMaxLength(ExchangeStore.MaxFeedbackReasonLength);
            e.Property(x => x.ClaimToken).HasMaxLength(64);
            e.Property(x => x.ClaimedBy).HasMaxLength(ClusterStore.MaxNodeIdLength);
            e.HasIndex(x => x.Name).IsUnique();
            e.HasOne<BankRow>().WithMany().HasForeignKey(x => x.BankId).OnDelete(DeleteBehavior.Restrict);

            // The workers' question, every few seconds on every node: which exchange is due.
            e.HasIndex(x => x.NextRunAt);
        });

        modelBuilder.Entity<ExchangeApiRow>(a =>
        {
            a.ToTable("exchange_apis");
            a.HasKey(x => x.Api);
            a.Property(x => x.Api).HasMaxLength(64);
            a.Property(x => x.CredentialsKeyId).HasMaxLength(64);
        });

        modelBuilder.Entity<ExchangeRecordRow>(r =>
        {
            r.ToTable("exchange_records");
            r.HasKey(x => x.Id);
            r.Property(x => x.RecordKey).HasMaxLength(Core.Input.Identifier.MaxLength);
            r.Property(x => x.ExternalId).HasMaxLength(Core.Input.Identifier.MaxLength);
            r.Property(x => x.Member).HasMaxLength(Core.Input.Identifier.MaxLength);
            r.Property(x => x.Category).HasMaxLength(Core.Input.Identifier.MaxLength);
            r.Property(x => x.Listing).HasMaxLength(128);

            // A page reads its records by (exchange, key); an entry's holders by entry. No foreign keys: a page writes
            // thousands of these, and an exchange's rows go with it (ExchangeStore.DeleteAsync).
            r.HasIndex(x => new { x.ExchangeId, x.RecordKey, x.EntryId }).IsUnique();
            r.HasIndex(x => x.EntryId);
        });

        modelBuilder.Entity<ExchangeFeedbackRow>(f =>
        {
            f.ToTable("exchange_feedback");
            f.HasKey(x => x.Id);
            f.Property(x => x.RecordKey).HasMaxLength(Core.Input.Identifier.MaxLength);
            f.Property(x => x.ClaimToken).HasMaxLength(64);
            f.Property(x => x.Error).HasMaxLength(2000);

            // One verdict per case, exchange record and entry; the workers ask for the oldest due.
            f.HasIndex(x => new { x.CaseId, x.ExchangeId, x.RecordKey, x.EntryId, x.Verdict }).IsUnique();
            f.HasIndex(x => new { x.State, x.NextAttemptAt });
            f.HasIndex(x => x.ExchangeId);
        });

        // The flood guard's counts: an entry's matches per bucket (entry_id > 0) and an exchange's (entry_id 0), summed
        // over a window by a range scan of the key; the marks say where each bucket's uploads start.
        modelBuilder.Entity<FloodCountRow>(f =>
        {
            f.ToTable("flood_counts");
            f.HasKey(x => new { x.ExchangeId, x.EntryId, x.Bucket });
            f.HasIndex(x => x.Bucket);
        });

        modelBuilder.Entity<FloodMarkRow>(m =>
        {
            m.ToTable("flood_marks");
            m.HasKey(x => x.Bucket);
            m.Property(x => x.Bucket).ValueGeneratedNever();
        });
    }
}
