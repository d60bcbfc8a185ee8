using System.Text;
using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Matching.Banks;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>
/// The one model of Aegis's tables, shared by the SQLite and PostgreSQL contexts (each has its own migrations).
/// Tables and columns are snake_case, enums are stored as their names, timestamps in UTC.
/// </summary>
internal abstract class AegisDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>How <see cref="EventWriter"/> pages a case's fan-out into webhooks (the store's setting).</summary>
    public Core.Events.WebhookPagingOptions Webhooks { get; set; } = Core.Events.WebhookPagingOptions.Default;

    public DbSet<BankRow> Banks => Set<BankRow>();

    public DbSet<BankEntryRow> Entries => Set<BankEntryRow>();

    public DbSet<BankChangeRow> Changes => Set<BankChangeRow>();

    public DbSet<ApiKeyRow> ApiKeys => Set<ApiKeyRow>();

    public DbSet<ContentRow> Contents => Set<ContentRow>();

    public DbSet<MatchEventRow> MatchEvents => Set<MatchEventRow>();

    public DbSet<ReportRow> Reports => Set<ReportRow>();

    public DbSet<CaseRow> Cases => Set<CaseRow>();

    public DbSet<DecisionRow> Decisions => Set<DecisionRow>();

    public DbSet<CaseLinkRow> CaseLinks => Set<CaseLinkRow>();

    public DbSet<AccountRow> SuspendedAccounts => Set<AccountRow>();

    public DbSet<ExposureAlertRow> ExposureAlerts => Set<ExposureAlertRow>();

    public DbSet<CyberTipReportRow> CyberTipReports => Set<CyberTipReportRow>();

    public DbSet<CyberTipCaseRow> CyberTipCases => Set<CyberTipCaseRow>();

    public DbSet<CyberTipFileRow> CyberTipFiles => Set<CyberTipFileRow>();

    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();

    public DbSet<AuditRow> AuditLog => Set<AuditRow>();

    public DbSet<ContentPartitionRow> ContentPartitions => Set<ContentPartitionRow>();

    public DbSet<ClusterNodeRow> ClusterNodes => Set<ClusterNodeRow>();

    public DbSet<EvidenceRow> Evidence => Set<EvidenceRow>();

    public DbSet<UserRow> Users => Set<UserRow>();

    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();

    public DbSet<ExchangeRow> Exchanges => Set<ExchangeRow>();

    public DbSet<ExchangeRecordRow> ExchangeRecords => Set<ExchangeRecordRow>();

    /// <summary>Verdicts owed to exchanges (<see cref="ExchangeFeedbackRow"/>).</summary>
    public DbSet<ExchangeFeedbackRow> ExchangeFeedback => Set<ExchangeFeedbackRow>();

    public DbSet<FloodCountRow> FloodCounts => Set<FloodCountRow>();

    public DbSet<FloodMarkRow> FloodMarks => Set<FloodMarkRow>();

    public DbSet<ExchangeApiRow> ExchangeApis => Set<ExchangeApiRow>();

    public DbSet<SharedHashRow> SharedHashes => Set<SharedHashRow>();

    public DbSet<FeedKeyRow> FeedKeys => Set<FeedKeyRow>();

    public DbSet<ProtectSubmissionRow> ProtectSubmissions => Set<ProtectSubmissionRow>();

    public DbSet<ProtectHashRow> ProtectHashes => Set<ProtectHashRow>();

    public DbSet<ProtectItemRow> ProtectItems => Set<ProtectItemRow>();

    public DbSet<ConversationRow> Conversations => Set<ConversationRow>();

    public DbSet<ConversationMessageRow> ConversationMessages => Set<ConversationMessageRow>();

    public DbSet<ScriptBandRow> ScriptBands => Set<ScriptBandRow>();

    public DbSet<PatternBankRow> PatternBanks => Set<PatternBankRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<SignalType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<BankAction>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<BankKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<BankChangeKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ApiKeyRole>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MediaKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Verdict>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Reports.ContentStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Reports.ReportCategory>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Core.Reports.ReportSource>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Reports.TriageAction>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Cases.CaseState>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<Core.Cases.DecisionKind>().HaveConversion<string>().HaveMaxLength(24);
        configurationBuilder.Properties<Core.Cases.ReviewerRole>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Core.Cases.NcmecClassification>().HaveConversion<string>().HaveMaxLength(4);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BankRow>(bank =>
        {
            bank.ToTable("banks");
            bank.HasKey(b => b.Id);
            bank.Property(b => b.Name).HasMaxLength(64);

            // A deleted bank is gone: every query of the model leaves it out, and its name may be taken again.
            bank.HasIndex(b => b.Name).IsUnique().HasFilter("deleted_at IS NULL");
            bank.HasQueryFilter(b => b.DeletedAt == null);
        });

        modelBuilder.Entity<BankEntryRow>(entry =>
        {
            entry.ToTable("bank_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Value).HasMaxLength(64);
            entry.HasOne<BankRow>().WithMany().HasForeignKey(e => e.BankId).OnDelete(DeleteBehavior.Restrict);
            entry.HasIndex(e => new { e.BankId, e.Type, e.Value }).IsUnique();

            // Streaming one bank in id order is a range scan of this index, not a sort of the whole bank per page.
            entry.HasIndex(e => new { e.BankId, e.Id });
            entry.HasIndex(e => e.CaseId);

            // The flood guard's quarantine: few rows, listed and counted by curators.
            entry.HasIndex(e => e.QuarantinedAt).HasFilter("quarantined_at IS NOT NULL");
            entry.Property(e => e.RecordKey).HasMaxLength(Core.Input.Identifier.MaxLength);
            entry.Property(e => e.Member).HasMaxLength(Core.Input.Identifier.MaxLength);
        });

        modelBuilder.Entity<BankChangeRow>(change =>
        {
            change.ToTable("bank_changes");
            change.HasKey(c => c.Sequence);

            // No foreign keys: the feed is an append-only log (no bank or entry row is ever deleted), read by sequence
            // only, and a per-row key check would cost a bulk import a sixth of its time.
        });

        modelBuilder.Entity<ApiKeyRow>(key =>
        {
            key.ToTable("api_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(64);
            key.Property(k => k.SecretHash).HasMaxLength(64);
            key.HasIndex(k => k.Name).IsUnique();
            key.HasIndex(k => k.SecretHash).IsUnique();
        });

        modelBuilder.Entity<ContentRow>(content =>
        {
            content.ToTable("contents");
            content.HasKey(c => c.Id);
            content.Property(c => c.ContentId).HasMaxLength(ContentRecord.MaxIdLength);
            content.Property(c => c.UploaderId).HasMaxLength(ContentRecord.MaxIdLength);
            content.Property(c => c.UploaderIp).HasMaxLength(ContentStore.MaxIpLength);
            content.Property(c => c.ParentContentId).HasMaxLength(ContentRecord.MaxIdLength);
            content.Property(c => c.Pdq).HasMaxLength(64);
            content.Property(c => c.Md5).HasMaxLength(32);
            content.Property(c => c.Sha256).HasMaxLength(64);
            content.HasIndex(c => c.ContentId).IsUnique();

            // Reshares of an item (the takedown cascade walks these), exact copies by digest, an uploader's content.
            content.HasIndex(c => c.ParentContentId);
            content.HasIndex(c => c.Md5);
            content.HasIndex(c => c.Sha256);
            content.HasIndex(c => c.UploaderId);
        });

        modelBuilder.Entity<MatchEventRow>(e =>
        {
            e.ToTable("match_events");
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Bank).HasMaxLength(64);
            e.HasOne<ContentRow>().WithMany().HasForeignKey(m => m.ContentRowId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => new { m.ContentRowId, m.EntryId }).IsUnique();
        });

        modelBuilder.Entity<ContentPartitionRow>(p =>
        {
            p.ToTable("content_partitions");
            p.HasKey(r => r.Partition);
            p.Property(r => r.Partition).ValueGeneratedNever();
            p.Property(r => r.Owner).HasMaxLength(ClusterStore.MaxNodeIdLength);
            p.Property(r => r.Cluster).HasMaxLength(32);
        });

        modelBuilder.Entity<ClusterNodeRow>(n =>
        {
            n.ToTable("cluster_nodes");
            n.HasKey(r => r.NodeId);
            n.Property(r => r.NodeId).HasMaxLength(ClusterStore.MaxNodeIdLength);
            n.Property(r => r.Url).HasMaxLength(512);
            n.Property(r => r.Token).HasMaxLength(64);
        });

        CaseConfiguration.Apply(modelBuilder);
        CyberTipConfiguration.Apply(modelBuilder);
        EvidenceConfiguration.Apply(modelBuilder);
        UserConfiguration.Apply(modelBuilder);
        ExchangeConfiguration.Apply(modelBuilder);
        FeedConfiguration.Apply(modelBuilder);
        ProtectConfiguration.Apply(modelBuilder);
        SignalConfiguration.Apply(modelBuilder);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsAsciiLetterUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
