using Aegis.Core.Events;

namespace Aegis.Core.CyberTip;

/// <summary>What a step of a submission did: the report afterwards and the events to write with it.</summary>
public sealed record CyberTipTransition(CyberTipReport Report, IReadOnlyList<DomainEvent> Events);
