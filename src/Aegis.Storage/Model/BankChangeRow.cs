namespace Aegis.Storage.Model;

/// <summary>A row of <c>bank_changes</c>, the change feed; <see cref="Sequence"/> is an identity (autoincrement) column.</summary>
internal sealed class BankChangeRow
{
    public long Sequence { get; set; }

    /// <summary>The bank (not a foreign key: see <see cref="AegisDbContext"/>).</summary>
    public int BankId { get; set; }

    /// <summary>The entry, for the entry kinds (not a foreign key).</summary>
    public long? EntryId { get; set; }

    public BankChangeKind Kind { get; set; }

    public DateTimeOffset At { get; set; }
}
