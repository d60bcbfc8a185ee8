using System.Globalization;
using Aegis.Core.Cases;
using Aegis.Storage;

namespace Aegis.Server.Web;

/// <summary>A case as one console user may see it now (<see cref="ConsoleCases.SeeAsync"/>): judged by <see cref="QueueAccess"/> as read.</summary>
/// <param name="Me">The user, as stored now.</param>
/// <param name="Case">The case as it stands.</param>
/// <param name="Access">What they may do with it.</param>
/// <param name="Now">When it was read.</param>
internal sealed record CaseSight(User Me, Case Case, CaseAccess Access, DateTimeOffset Now)
{
    /// <summary>Another reviewer holds it now.</summary>
    public CaseClaim? ClaimedByAnother => Case.ClaimAt(Now) is { } claim && !string.Equals(claim.Reviewer, Me.Name, StringComparison.Ordinal) ? claim : null;

    /// <summary>The user holds it now.</summary>
    public CaseClaim? ClaimedByMe => Case.ClaimAt(Now) is { } claim && string.Equals(claim.Reviewer, Me.Name, StringComparison.Ordinal) ? claim : null;

    /// <summary>
    /// Why the user may not open the case or its media, or null: it is outside their queues (and they did not decide it),
    /// or another reviewer holds it (two reviewers never work, or see, the same case at once).
    /// </summary>
    public string? WhyNotOpen =>
        !Access.CanRead ? Access.Why
        : ClaimedByAnother is { } claim
            ? string.Create(CultureInfo.InvariantCulture, $"Case {Case.Id} is claimed by {claim.Reviewer} until {claim.Until.UtcDateTime:HH:mm} UTC: it is theirs until they release it or the claim lapses.")
        : null;

    /// <summary>The user's standing in decisions: a senior reviewer or an admin may make a second dismissal.</summary>
    public ReviewerRole Role => Me.Role is ApiKeyRole.SeniorReviewer or ApiKeyRole.Admin ? ReviewerRole.Senior : ReviewerRole.Reviewer;
}
