using Aegis.Matching.Banks;

namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>shared_hashes</c>, the hash feed (docs/exchange-protocol.md): one hash of a confirmed item, or the deletion
/// of one when an appeal overturns the confirmation. Appended only, in commit order (<see cref="Feed.HashFeedRows"/>), so a
/// subscriber pages it by <see cref="Sequence"/> without missing a row. It holds no media, account, content id or person.
/// </summary>
internal sealed class SharedHashRow
{
    /// <summary>The row's place in the feed (an identity column); a subscriber's checkpoint is the last it read.</summary>
    public long Sequence { get; set; }

    /// <summary>The opaque id the feed shows (random; the same on the deletion of the entry).</summary>
    public required string EntryId { get; set; }

    /// <summary>The confirmed case (never served: it lets an overturned appeal find its entries).</summary>
    public long CaseId { get; set; }

    public SignalType Type { get; set; }

    /// <summary>The hash in Aegis's form: lower-case hex, or a vPDQ signal's text.</summary>
    public required string Value { get; set; }

    /// <summary>NCMEC's classification (<c>A1</c>…<c>B2</c>) or <c>child_safety</c>.</summary>
    public string? Category { get; set; }

    /// <summary>True for a deletion of the entry <see cref="EntryId"/>.</summary>
    public bool Deleted { get; set; }

    public DateTimeOffset At { get; set; }
}
