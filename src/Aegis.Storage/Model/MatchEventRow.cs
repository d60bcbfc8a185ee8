using Aegis.Matching.Banks;

namespace Aegis.Storage.Model;

/// <summary>A row of <c>match_events</c>; (content, entry) is unique, so every node may detect the same match.</summary>
internal sealed class MatchEventRow
{
    public long Sequence { get; set; }

    public long ContentRowId { get; set; }

    public long EntryId { get; set; }

    public required string Bank { get; set; }

    public SignalType Type { get; set; }

    public int Distance { get; set; }

    public BankAction Action { get; set; }

    public DateTimeOffset DetectedAt { get; set; }
}
