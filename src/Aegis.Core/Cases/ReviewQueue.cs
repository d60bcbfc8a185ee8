using System.Text.Json.Serialization;

namespace Aegis.Core.Cases;

/// <summary>
/// The review queue a case is in, decided from its state every time it is read (<see cref="ReviewQueues.Of"/>), never
/// stored. Written by its wire name (<c>child-safety</c>, <c>general</c>, <c>senior</c>, <c>appeals</c>).
/// </summary>
[JsonConverter(typeof(ReviewQueueJsonConverter))]
public enum ReviewQueue
{
    /// <summary>Open, and a child may be harmed.</summary>
    ChildSafety,

    /// <summary>Open, and no child is said to be at risk.</summary>
    General,

    /// <summary>A child-safety case one reviewer dismissed, waiting for a senior reviewer's second review.</summary>
    Senior,

    /// <summary>A confirmed case whose uploader appealed, waiting for a reviewer who did not decide it.</summary>
    Appeals,
}
