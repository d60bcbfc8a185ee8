using Aegis.Core.Events;

namespace Aegis.Core.Cases;

/// <summary>
/// What a step of the workflow did: the case and its item afterwards and the events to write with them, or a refusal
/// (and nothing changed).
/// </summary>
/// <param name="Case">The case afterwards (as before when refused).</param>
/// <param name="Content">The item afterwards.</param>
/// <param name="Events">What happened, in order.</param>
/// <param name="Refusal">Why nothing happened, or null.</param>
public sealed record CaseTransition(Case Case, ContentState Content, IReadOnlyList<DomainEvent> Events, CaseRefusal? Refusal = null)
{
    public bool Refused => Refusal is not null;

    /// <summary>For an overturned appeal: the hashes the case banked must stop blocking.</summary>
    public bool UnbanHashes { get; init; }

    public static CaseTransition Refuse(Case c, ContentState content, CaseRefusal refusal) => new(c, content, [], refusal);
}
