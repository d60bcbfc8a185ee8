namespace Aegis.Fakes.Exchanges;

/// <summary>An indicator of the fake ThreatExchange, as a test sets it (served by <c>/threat_updates</c>).</summary>
/// <param name="Id">The indicator's id.</param>
/// <param name="Indicator">The indicator (a hash).</param>
/// <param name="Type">Its ThreatType (<c>HASH_PDQ</c>, <c>HASH_MD5</c>, <c>HASH_VIDEO_MD5</c>, ...).</param>
/// <param name="LastUpdated">When it last changed, unix seconds.</param>
/// <param name="Descriptors">The members' descriptors of it; none (null) serves it without <c>descriptors</c>.</param>
/// <param name="ShouldDelete">A tombstone.</param>
public sealed record FakeThreatUpdate(string Id, string Indicator, string Type, long LastUpdated, IReadOnlyList<FakeThreatDescriptor>? Descriptors, bool ShouldDelete = false);

/// <summary>A member's descriptor of an indicator.</summary>
/// <param name="Id">The descriptor's id.</param>
/// <param name="Owner">The owning app's id; null serves it without <c>owner</c> (a Graph visibility bug pytx works around).</param>
/// <param name="Status"><c>MALICIOUS</c>, <c>NON_MALICIOUS</c>, <c>UNKNOWN</c>.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Reactions">Reactions to it: the reaction and the apps that gave it.</param>
public sealed record FakeThreatDescriptor(string Id, string? Owner, string Status = "MALICIOUS", IReadOnlyList<string>? Tags = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? Reactions = null);

/// <summary>A reaction the fake ThreatExchange received (<c>POST /{descriptor}/</c>).</summary>
/// <param name="DescriptorId">The descriptor reacted to.</param>
/// <param name="Reaction">The reaction (<c>HELPFUL</c>, <c>DISAGREE_WITH_TAGS</c>, ...).</param>
/// <param name="AppId">The app whose token sent it.</param>
/// <param name="ContentType">The request's Content-Type.</param>
/// <param name="Body">The request's body, with the token blanked.</param>
public sealed record FakeThreatReaction(string DescriptorId, string Reaction, string AppId, string ContentType, string Body);
