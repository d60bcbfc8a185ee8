using System.Text.Json.Serialization;

namespace Aegis.Exchanges.AegisFeed;

/// <summary>The subscriber's checkpoint: the publisher's <c>next</c>.</summary>
/// <param name="After">What to ask after.</param>
internal sealed record AegisFeedCheckpoint([property: JsonRequired] string After);
