namespace Aegis.Exchanges.Ncmec;

/// <summary>One entry of an NCMEC <c>queryResult</c>, as read (before it becomes an <see cref="ExchangeRecord"/>).</summary>
/// <param name="Id">NCMEC's id for the entry (unique within its member).</param>
/// <param name="MemberId">The ESP that shared it.</param>
/// <param name="MemberName">Its name, when given.</param>
/// <param name="IsVideo">A video entry (else an image).</param>
/// <param name="Deleted">A <c>deletedImage</c>/<c>deletedVideo</c> tombstone.</param>
/// <param name="Classification">NCMEC's classification (A1, A2, B1, B2), when given.</param>
/// <param name="Fingerprints">Each fingerprint with a value, by its element name (<c>md5</c>, <c>pdq</c>, <c>sha1</c>, ...).</param>
/// <param name="Votes">The members' feedback on its fingerprints.</param>
internal sealed record NcmecEntry(
    string Id,
    long MemberId,
    string? MemberName,
    bool IsVideo,
    bool Deleted,
    string? Classification,
    IReadOnlyDictionary<string, string> Fingerprints,
    IReadOnlyList<NcmecVote> Votes);

/// <summary>One member's feedback on one fingerprint type of an entry.</summary>
/// <param name="Affirmative">An up-vote (else a down-vote).</param>
/// <param name="Type">The fingerprint type it is about, as NCMEC writes it (<c>Md5</c>, <c>Sha1</c>).</param>
/// <param name="MemberId">The member who gave it.</param>
/// <param name="MemberName">Its name, when given.</param>
/// <param name="Reason">A down-vote's reason name.</param>
internal sealed record NcmecVote(bool Affirmative, string Type, long MemberId, string? MemberName, string? Reason);

/// <summary>One <c>queryResult</c> page.</summary>
/// <param name="Entries">Its entries in NCMEC's order (images, then videos).</param>
/// <param name="MaxTimestamp">The newest <c>maxTimestamp</c> of its sections, when any section had one.</param>
/// <param name="Next">The next page's path (<c>paging/next</c>), or null on the last page.</param>
internal sealed record NcmecEntriesPage(IReadOnlyList<NcmecEntry> Entries, DateTimeOffset? MaxTimestamp, string? Next);
