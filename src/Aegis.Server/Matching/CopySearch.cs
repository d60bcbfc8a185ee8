namespace Aegis.Server.Matching;

/// <summary>One item's copies to look for in a partition: by PDQ within <paramref name="Threshold"/>, or by vPDQ.</summary>
/// <param name="Pdq">PDQ hex, if the item is an image.</param>
/// <param name="Vpdq">Canonical vPDQ signal, if it is a video.</param>
/// <param name="Threshold">The largest PDQ distance.</param>
internal sealed record CopySearch(string? Pdq, string? Vpdq, int Threshold);
