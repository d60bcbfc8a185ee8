using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The evidence vault's tables.</summary>
internal static class EvidenceConfiguration
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<EvidenceRow>(e =>
        {
            e.ToTable("evidence");
            e.HasKey(x => x.Id);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.KeyId).HasMaxLength(64);
            e.Property(x => x.MediaType).HasMaxLength(EvidenceStore.MaxMediaTypeLength);
            e.Property(x => x.LastError).HasMaxLength(2000);
            e.Property(x => x.HoldReason).HasMaxLength(Core.Input.FreeText.MaxLength);
            e.Property(x => x.HeldBy).HasMaxLength(256);
            e.HasOne<CaseRow>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ContentRow>().WithMany().HasForeignKey(x => x.ContentRowId).OnDelete(DeleteBehavior.Restrict);

            // An item is preserved once per case; the fetch worker reads due work; the purge reads what has expired; a
            // rotation counts and re-wraps by key.
            e.HasIndex(x => new { x.CaseId, x.ContentRowId }).IsUnique();
            e.HasIndex(x => x.DueAt);
            e.HasIndex(x => x.RetainUntil);
            e.HasIndex(x => x.KeyId);
        });

        modelBuilder.Entity<EvidenceContentRow>(c =>
        {
            c.ToTable("evidence_content");
            c.HasKey(x => x.EvidenceId);
            c.Property(x => x.EvidenceId).ValueGeneratedNever();
            c.HasOne<EvidenceRow>().WithOne().HasForeignKey<EvidenceContentRow>(x => x.EvidenceId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
