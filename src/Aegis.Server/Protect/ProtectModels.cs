namespace Aegis.Server.Protect;

/// <summary>What the protect page sends: the person's statement, an optional contact, and each file's hashes.</summary>
/// <param name="Statement"><c>self_minor</c>, <c>guardian</c> or <c>self_adult</c>.</param>
/// <param name="Contact">How to reach the person, if they want to be (optional).</param>
/// <param name="Files">Each picked file's hashes, never its bytes.</param>
public sealed record ProtectSubmissionRequest(string? Statement, string? Contact, IReadOnlyList<ProtectFileRequest?>? Files);

/// <summary>One file's hashes, computed in the person's browser.</summary>
/// <param name="Kind"><c>image</c> or <c>video</c>.</param>
/// <param name="Md5">MD5 of the file.</param>
/// <param name="Sha256">SHA-256 of the file.</param>
/// <param name="Pdq">An image's PDQ hash (none if the browser could not open it), or one per second of a video.</param>
public sealed record ProtectFileRequest(string? Kind, string? Md5, string? Sha256, IReadOnlyList<ProtectHashRequest?>? Pdq);

/// <summary>One PDQ hash.</summary>
/// <param name="Hash">64 hex characters.</param>
/// <param name="Quality">0 to 100.</param>
/// <param name="Second">For a video's frame: its second.</param>
public sealed record ProtectHashRequest(string? Hash, int Quality, int? Second);

/// <summary>The answer to a submission: the receipt code (shown once), and what was found and done, in counts.</summary>
/// <param name="Receipt">The code; never shown again, kept only as a hash.</param>
/// <param name="ReceiptUrl">The receipt page with the code in the fragment (never sent to a server by a browser).</param>
/// <param name="Files">Each file: protected, with a note when only exact copies can be found.</param>
/// <param name="Found">Items already up that matched.</param>
/// <param name="Restricted">Of those, hidden now.</param>
/// <param name="HeldForReview">Uploads held since (0 at first).</param>
public sealed record ProtectSubmissionAnswer(string Receipt, string ReceiptUrl, IReadOnlyList<ProtectFileAnswer> Files, int Found, int Restricted, int HeldForReview);

/// <summary>One file's outcome.</summary>
/// <param name="Index">Its place in the request.</param>
/// <param name="Protected">Always true: at least its exact copies are protected.</param>
/// <param name="Note">A kind sentence when only exact copies can be found.</param>
public sealed record ProtectFileAnswer(int Index, bool Protected, string? Note);

/// <summary>A receipt code, sent in a body (never in a URL).</summary>
/// <param name="Receipt">The code.</param>
public sealed record ProtectReceiptRequest(string? Receipt);

/// <summary>What a receipt shows: counts only, never content.</summary>
/// <param name="SubmittedAt">When.</param>
/// <param name="Statement">What the person said.</param>
/// <param name="Files">Files named.</param>
/// <param name="Hashes">Hashes banked.</param>
/// <param name="Found">Items matched, already up or uploaded since.</param>
/// <param name="Restricted">Hidden now.</param>
/// <param name="HeldForReview">Of those, uploads held since the submission.</param>
/// <param name="Removed">Removed.</param>
/// <param name="UnderReview">A reviewer has yet to decide.</param>
/// <param name="WithdrawnAt">When withdrawn, if it was.</param>
public sealed record ProtectReceiptAnswer(
    DateTimeOffset SubmittedAt, string Statement, int Files, int Hashes, int Found, int Restricted, int HeldForReview, int Removed, bool UnderReview,
    DateTimeOffset? WithdrawnAt);

/// <summary>What a withdrawal did.</summary>
/// <param name="WithdrawnAt">When.</param>
/// <param name="Lifted">Items shown again.</param>
public sealed record ProtectWithdrawAnswer(DateTimeOffset WithdrawnAt, int Lifted);
