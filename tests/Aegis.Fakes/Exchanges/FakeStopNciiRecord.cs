namespace Aegis.Fakes.Exchanges;

/// <summary>A hash the fake StopNCII holds, as a test sets it.</summary>
/// <param name="SignalType">StopNCII's signal type (<c>ImagePDQ</c>, <c>VideoMD5</c>, <c>VideoTMK</c>, ...).</param>
/// <param name="HashValue">The hash.</param>
/// <param name="LastModified">When it last changed, unix seconds: what <c>startTimestamp</c> selects on.</param>
/// <param name="HashStatus">Its aggregate status (<c>Received</c>, <c>Active</c>, <c>Withdrawn</c>, <c>Deleted</c>).</param>
/// <param name="Feedbacks">The platforms' feedback on it.</param>
public sealed record FakeStopNciiRecord(
    string SignalType,
    string HashValue,
    long LastModified,
    string HashStatus = "Active",
    IReadOnlyList<FakeStopNciiFeedback>? Feedbacks = null);

/// <summary>A platform's feedback on a hash: as served in <c>CSPFeedbacks</c>, and as received by SubmitFeedback.</summary>
/// <param name="Source">The platform (empty for what was submitted through the fake).</param>
/// <param name="FeedbackValue">Its value (<c>Blocked</c>, <c>NotBlocked</c>, <c>PendingReview</c>, ...).</param>
/// <param name="Tags">Its tags.</param>
/// <param name="HashValue">The hash it is about (for what was submitted).</param>
public sealed record FakeStopNciiFeedback(string Source, string FeedbackValue, IReadOnlyList<string> Tags, string? HashValue = null);
