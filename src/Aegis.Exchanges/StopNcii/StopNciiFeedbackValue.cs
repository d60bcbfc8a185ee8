namespace Aegis.Exchanges.StopNcii;

/// <summary>What a platform says of a StopNCII hash it matched (SubmitFeedback's <c>feedbackValue</c>).</summary>
public enum StopNciiFeedbackValue
{
    /// <summary>The match was reviewed and the content is NCII: it was blocked.</summary>
    Blocked,

    /// <summary>The match was reviewed and it was not blocked.</summary>
    NotBlocked,

    /// <summary>There was a match, not yet reviewed.</summary>
    PendingReview,
}
