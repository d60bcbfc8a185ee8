using Aegis.Core.Content;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The CyberTipline tables: reports (the saga's state), the cases each gathers, and its files.</summary>
internal static class CyberTipConfiguration
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CyberTipReportRow>(r =>
        {
            r.ToTable("cybertip_reports");
            r.HasKey(x => x.Id);
            r.Property(x => x.PersonId).HasMaxLength(ContentRecord.MaxIdLength);
            r.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.InFlight).HasConversion<string>().HasMaxLength(16);
            r.Property(x => x.LastRequestId).HasMaxLength(128);
            r.Property(x => x.ApprovedBy).HasMaxLength(128);
            r.Property(x => x.ClaimedBy).HasMaxLength(ClusterStore.MaxNodeIdLength);

            // The workers look for due submissions; a confirmed case looks for its person's draft.
            r.HasIndex(x => new { x.State, x.NextAttemptAt });
            r.HasIndex(x => new { x.PersonId, x.State });

            // One draft per person: two nodes confirming two of a person's cases at once gather them in one report.
            r.HasIndex(x => x.PersonId).IsUnique().HasFilter("state = 'Drafted'").HasDatabaseName("ix_cybertip_reports_one_draft");
        });

        modelBuilder.Entity<CyberTipCaseRow>(c =>
        {
            c.ToTable("cybertip_cases");
            c.HasKey(x => new { x.ReportId, x.CaseId });
            c.HasOne<CyberTipReportRow>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Restrict);
            c.HasIndex(x => x.CaseId).IsUnique(); // a case is in one report
        });

        modelBuilder.Entity<CyberTipFileRow>(f =>
        {
            f.ToTable("cybertip_files");
            f.HasKey(x => new { x.ReportId, x.Position });
            f.Property(x => x.Position).ValueGeneratedNever();
            f.Property(x => x.ContentId).HasMaxLength(ContentRecord.MaxIdLength);
            f.Property(x => x.FileId).HasMaxLength(128);
            f.Property(x => x.Md5).HasMaxLength(64);
            f.HasOne<CyberTipReportRow>().WithMany().HasForeignKey(x => x.ReportId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
