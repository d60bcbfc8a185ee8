namespace Aegis.Storage;

/// <summary>A page of the hash feed.</summary>
/// <param name="Entries">The rows after the checkpoint asked for, in sequence order.</param>
/// <param name="Next">The checkpoint to ask after next: the last row's sequence (the one asked for when the page is empty).</param>
/// <param name="HasMore">True when rows follow this page now.</param>
public sealed record SharedHashPage(IReadOnlyList<SharedHash> Entries, long Next, bool HasMore);
