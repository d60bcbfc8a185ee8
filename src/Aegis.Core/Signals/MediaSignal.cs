using System.Globalization;
using Aegis.Core.Reports;

namespace Aegis.Core.Signals;

/// <summary>An attachment of a message matched a hash bank: the conversation raises a signal whatever its words.</summary>
/// <param name="Bank">The bank matched.</param>
/// <param name="Distance">The PDQ distance (0 for an exact digest).</param>
/// <param name="SubmittedByVictim">The bank holds hashes people submitted of their own pictures (the protect page): sending it is leverage.</param>
public sealed record MediaSignal(string Bank, int Distance, bool SubmittedByVictim)
{
    /// <summary>The rule's name in explanations.</summary>
    public const string Rule = "media.bank_match";

    /// <summary>
    /// The signal: sextortion when the picture is one a person asked to protect (someone holds it over them), else the
    /// conversation carries known material (child sexual exploitation).
    /// </summary>
    public Signal ToSignal(ConversationMessage message, bool recipientMinor)
    {
        ArgumentNullException.ThrowIfNull(message);
        var why = string.Create(CultureInfo.InvariantCulture, $"an attachment matched bank {Bank} at distance {Distance}");
        return new Signal(
            SignalKind.Sextortion, 1.0, Rule, message.SenderId, message.RecipientId ?? "", recipientMinor,
            [new ScorePart(why, 1.0)],
            [new SignalEvidence(message.MessageId, message.SenderId, $"bank:{Bank}", null, 1.0, why)]);
    }

    /// <summary>The category of the case it opens.</summary>
    public ReportCategory Category => SubmittedByVictim ? ReportCategory.Sextortion : ReportCategory.ChildSexualExploitation;
}
