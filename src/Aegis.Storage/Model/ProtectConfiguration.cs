using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The protect page's tables.</summary>
internal static class ProtectConfiguration
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProtectSubmissionRow>(e =>
        {
            e.ToTable("protect_submissions");
            e.HasKey(x => x.Id);
            e.Property(x => x.ReceiptKey).HasMaxLength(64);
            e.Property(x => x.Statement).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ContactKeyId).HasMaxLength(64);
            e.HasIndex(x => x.ReceiptKey).IsUnique();
            e.HasIndex(x => x.CaseId);
        });

        modelBuilder.Entity<ProtectHashRow>(e =>
        {
            e.ToTable("protect_hashes");
            e.HasKey(x => new { x.SubmissionId, x.EntryId });
            e.HasOne<ProtectSubmissionRow>().WithMany().HasForeignKey(x => x.SubmissionId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.EntryId);
        });

        modelBuilder.Entity<ProtectItemRow>(e =>
        {
            e.ToTable("protect_items");
            e.HasKey(x => new { x.SubmissionId, x.ContentRowId });
            e.HasOne<ProtectSubmissionRow>().WithMany().HasForeignKey(x => x.SubmissionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ContentRow>().WithMany().HasForeignKey(x => x.ContentRowId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
