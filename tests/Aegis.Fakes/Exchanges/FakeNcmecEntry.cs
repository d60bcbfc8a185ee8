namespace Aegis.Fakes.Exchanges;

/// <summary>An entry the fake NCMEC hash sharing API holds, as a test sets it.</summary>
/// <param name="Id">NCMEC's id for the entry.</param>
/// <param name="MemberId">The ESP that shared it.</param>
/// <param name="MemberName">Its name.</param>
/// <param name="IsVideo">A video entry (else an image).</param>
/// <param name="Timestamp">When it last changed: what the <c>from</c>/<c>to</c> window selects on.</param>
/// <param name="Classification">NCMEC's classification (A1, A2, B1, B2), or null.</param>
/// <param name="Fingerprints">Its fingerprints by element name (<c>md5</c>, <c>pdq</c>, <c>sha1</c>, <c>pdna</c>, ...).</param>
/// <param name="Deleted">A deletion (served as <c>deletedImage</c>/<c>deletedVideo</c>, without fingerprints).</param>
public sealed record FakeNcmecEntry(
    string Id,
    long MemberId,
    string MemberName,
    bool IsVideo,
    DateTimeOffset Timestamp,
    string? Classification = null,
    IReadOnlyDictionary<string, string>? Fingerprints = null,
    bool Deleted = false);

/// <summary>Feedback the fake NCMEC received (<c>PUT /v2/entries/{esp}/{id}/{type}/feedback</c>).</summary>
/// <param name="EspId">The member in the path.</param>
/// <param name="EntryId">The entry in the path.</param>
/// <param name="Type">The fingerprint type in the path (<c>MD5</c>, <c>PDQ</c>, ...).</param>
/// <param name="Affirmative">An affirmative vote (else negative).</param>
/// <param name="ReasonGuid">A negative vote's reason.</param>
/// <param name="ContentType">The request's Content-Type.</param>
/// <param name="Body">The request's body.</param>
public sealed record FakeNcmecFeedback(long EspId, string EntryId, string Type, bool Affirmative, string? ReasonGuid, string ContentType, string Body);
