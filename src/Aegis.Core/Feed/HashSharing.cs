using Aegis.Core.Cases;

namespace Aegis.Core.Feed;

/// <summary>
/// Which confirmed items the hash feed shares (docs/exchange-protocol.md), as plain code: a confirmation of child sexual
/// abuse material (shared with NCMEC's classification, <c>A1</c> to <c>B2</c>) and a confirmed violation of a
/// child-safety case (shared as <c>child_safety</c>). Other policy violations are the platform's own business and never
/// leave it. An item that came from another exchange (its hashes, or the match that held it, are an exchange's entries)
/// is shared only when the platform allows re-sharing: by default a subscriber gets an exchange's entries from the
/// exchange, not second-hand.
/// </summary>
public static class HashSharing
{
    /// <summary>The category of a confirmed child-safety violation that is not classified as abuse material.</summary>
    public const string ChildSafetyCategory = "child_safety";

    /// <summary>
    /// The category the confirmed case's item is shared under, or null when it is not shared.
    /// </summary>
    /// <param name="confirmed">The case as the decision left it.</param>
    /// <param name="fromExchange">Whether the item came from another exchange (see the class summary).</param>
    /// <param name="reshare">Whether the platform allows re-sharing other exchanges' entries (<c>Feed:Reshare</c>).</param>
    public static string? Category(Case confirmed, bool fromExchange, bool reshare)
    {
        ArgumentNullException.ThrowIfNull(confirmed);
        if (confirmed.State != CaseState.Confirmed || (fromExchange && !reshare))
        {
            return null;
        }

        return confirmed.Confirmation switch
        {
            { Kind: DecisionKind.ConfirmCsam, Classification: { } classification } => classification.ToString(),
            { Kind: DecisionKind.ConfirmViolation } when confirmed.ChildSafety => ChildSafetyCategory,
            _ => null,
        };
    }
}
