namespace Aegis.Core.Cases;

/// <summary>A <see cref="ReviewQueue"/> as <c>child-safety</c>, <c>general</c>, <c>senior</c> or <c>appeals</c>.</summary>
public sealed class ReviewQueueJsonConverter() : WireNameJsonConverter<ReviewQueue>(ReviewQueues.Name, ReviewQueues.Parse, () => ReviewQueues.Names);
