using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The tables of reports, cases, decisions, the webhook outbox and the audit log.</summary>
internal static class CaseConfiguration
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CaseRow>(c =>
        {
            c.ToTable("cases");
            c.HasKey(x => x.Id);
            c.Property(x => x.ClaimedBy).HasMaxLength(256);
            c.Property(x => x.AppealedBy).HasMaxLength(256);
            c.Property(x => x.AppealText).HasMaxLength(10_000);
            c.Property(x => x.AppealOutcome).HasConversion<string>().HasMaxLength(16);
            c.Property(x => x.Version).IsConcurrencyToken();
            c.Property(x => x.AppealDecidedBy).HasMaxLength(256);
            c.Property(x => x.AppealReason).HasMaxLength(10_000);
            c.HasOne<ContentRow>().WithMany().HasForeignKey(x => x.ContentRowId).OnDelete(DeleteBehavior.Restrict);
            c.HasIndex(x => x.OpenKey).IsUnique();
            c.HasIndex(x => new { x.State, x.Level });
            c.HasIndex(x => x.EscalateAt);
            c.HasIndex(x => x.CascadePending);
            c.HasIndex(x => x.ContentRowId);
            c.Property(x => x.Origin).HasConversion<string>().HasMaxLength(32);
            c.Property(x => x.MatchBank).HasMaxLength(256);
            c.Property(x => x.MatchSignal).HasMaxLength(16);
            c.Property(x => x.MatchSource).HasMaxLength(512);
        });

        modelBuilder.Entity<CaseLinkRow>(l =>
        {
            l.ToTable("case_links");
            l.HasKey(x => new { x.CaseId, x.ContentRowId });
            l.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
            l.HasOne<CaseRow>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            l.HasOne<ContentRow>().WithMany().HasForeignKey(x => x.ContentRowId).OnDelete(DeleteBehavior.Restrict);
            l.HasIndex(x => x.ContentRowId);
        });

        modelBuilder.Entity<AccountRow>(a =>
        {
            a.ToTable("suspended_accounts");
            a.HasKey(x => x.AccountId);
            a.Property(x => x.AccountId).HasMaxLength(256);
            a.Property(x => x.Reason).HasMaxLength(2000);
        });

        modelBuilder.Entity<ExposureAlertRow>(e =>
        {
            e.ToTable("exposure_alerts");
            e.HasKey(x => x.Id);
            e.HasOne<ContentRow>().WithMany().HasForeignKey(x => x.ContentRowId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(x => new { x.ContentRowId, x.At });
        });

        modelBuilder.Entity<ReportRow>(r =>
        {
            r.ToTable("reports");
            r.HasKey(x => x.Id);
            r.Property(x => x.ReporterId).HasMaxLength(256);
            r.Property(x => x.Text).HasMaxLength(10_000);
            r.HasOne<ContentRow>().WithMany().HasForeignKey(x => x.ContentRowId).OnDelete(DeleteBehavior.Restrict);
            r.HasOne<CaseRow>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            r.HasIndex(x => x.ContentRowId);
            r.HasIndex(x => x.CaseId);
        });

        modelBuilder.Entity<DecisionRow>(d =>
        {
            d.ToTable("decisions");
            d.HasKey(x => x.Id);
            d.Property(x => x.Reviewer).HasMaxLength(256);
            d.Property(x => x.Reason).HasMaxLength(10_000);
            d.HasOne<CaseRow>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
            d.HasIndex(x => x.CaseId);
            d.HasIndex(x => new { x.Reviewer, x.CaseId }); // the queue: the cases a reader decided
        });

        modelBuilder.Entity<OutboxRow>(o =>
        {
            o.ToTable("outbox");
            o.HasKey(x => x.Sequence);
            o.Property(x => x.EventId).HasMaxLength(64);
            o.Property(x => x.Type).HasMaxLength(64);
            o.Property(x => x.LastError).HasMaxLength(2000);
            o.HasIndex(x => x.EventId).IsUnique();
            o.HasIndex(x => x.DueAt);
        });

        modelBuilder.Entity<AuditRow>(a =>
        {
            a.ToTable("audit_log");
            a.HasKey(x => x.Id);
            a.HasIndex(x => x.Sequence).IsUnique();
            a.HasIndex(x => x.Subject); // a case's timeline: the entries about it, its items, its evidence and its report
            a.HasIndex(x => new { x.Actor, x.Action, x.Id }); // a person's entries of one kind, newest first (a reviewer's reveals today)
            a.Property(x => x.Actor).HasMaxLength(256);
            a.Property(x => x.Action).HasMaxLength(64);
            a.Property(x => x.Subject).HasMaxLength(AuditLog.MaxSubjectLength); // "content:" + a 256-character id
            a.Property(x => x.PreviousHash).HasMaxLength(64);
            a.Property(x => x.Hash).HasMaxLength(64);
        });
    }
}
