namespace Aegis.Core.Protect;

/// <summary>How one file of a submission is protected.</summary>
/// <param name="Index">Its place in the submission.</param>
/// <param name="Note">What the person should know (a picture too plain to recognise when changed), or null.</param>
/// <param name="PdqKept">How many of its PDQ hashes were kept.</param>
public sealed record ProtectFileOutcome(int Index, string? Note, int PdqKept);
