using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Model;

/// <summary>The message signals' tables.</summary>
internal static class SignalConfiguration
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ConversationRow>(e =>
        {
            e.ToTable("conversations");
            e.HasKey(x => x.Id);
            e.Property(x => x.ConversationId).HasMaxLength(256);
            e.Property(x => x.OpenerId).HasMaxLength(256);
            e.Property(x => x.RecipientId).HasMaxLength(256);
            e.Property(x => x.SuspectId).HasMaxLength(256);
            e.Property(x => x.TargetId).HasMaxLength(256);
            e.Property(x => x.LastMessageId).HasMaxLength(256);
            e.Property(x => x.Rule).HasMaxLength(64);
            e.Property(x => x.RecipientAge).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Raised).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.ConversationId).IsUnique();
            e.HasIndex(x => new { x.OpenerId, x.FirstAt });
            e.HasIndex(x => x.CaseId);
            e.HasIndex(x => x.Pending);
            e.HasIndex(x => x.RetainUntil);
        });

        modelBuilder.Entity<ConversationMessageRow>(e =>
        {
            e.ToTable("conversation_messages");
            e.HasKey(x => x.Id);
            e.Property(x => x.MessageId).HasMaxLength(256);
            e.Property(x => x.SenderId).HasMaxLength(256);
            e.Property(x => x.RecipientId).HasMaxLength(256);
            e.Property(x => x.Features).HasMaxLength(512);
            e.HasIndex(x => new { x.ConversationRowId, x.MessageId }).IsUnique();
            e.HasOne<ConversationRow>().WithMany().HasForeignKey(x => x.ConversationRowId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ScriptBandRow>(e =>
        {
            e.ToTable("script_bands");
            e.HasKey(x => new { x.BandKey, x.ConversationRowId });
            e.HasIndex(x => x.ConversationRowId);
            e.HasOne<ConversationRow>().WithMany().HasForeignKey(x => x.ConversationRowId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PatternBankRow>(e =>
        {
            e.ToTable("pattern_banks");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(64);
            e.Property(x => x.Version).HasMaxLength(64);
            e.Property(x => x.Language).HasMaxLength(16);
            e.Property(x => x.UpdatedBy).HasMaxLength(256);
        });
    }
}
