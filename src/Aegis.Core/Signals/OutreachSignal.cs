namespace Aegis.Core.Signals;

/// <summary>A sender who met the outreach rule, with the window and the conversations that met it.</summary>
/// <param name="SenderId">The sender.</param>
/// <param name="Minors">How many distinct unconnected minors in the busiest window.</param>
/// <param name="From">The window's first opening.</param>
/// <param name="To">The window's last opening.</param>
/// <param name="ConversationIds">The conversations in that window.</param>
public sealed record OutreachSignal(string SenderId, int Minors, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> ConversationIds);
