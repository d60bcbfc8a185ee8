using Aegis.Core.Events;

namespace Aegis.Core.Cases;

/// <summary>An upload joining an open case at the gate (<see cref="CaseWorkflow.JoinAtGate"/>).</summary>
/// <param name="Content">The upload as it now is (held).</param>
/// <param name="Link">How it is tied to the case.</param>
/// <param name="Events">What happened.</param>
public sealed record JoinTransition(ContentState Content, CaseLink Link, IReadOnlyList<DomainEvent> Events);
