namespace Aegis.Exchanges.Ncmec;

/// <summary>One of NCMEC's reasons for negative feedback on a fingerprint type (<c>GET /v2/feedback/{type}/reasons</c>).</summary>
/// <param name="Guid">Its id, sent with negative feedback.</param>
/// <param name="Name">What it says, for people.</param>
public sealed record NcmecFeedbackReason(string Guid, string Name);
