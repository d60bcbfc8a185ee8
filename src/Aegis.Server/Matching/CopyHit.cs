namespace Aegis.Server.Matching;

/// <summary>A copy found: its content row and PDQ distance (0 for vPDQ and exact digests).</summary>
internal readonly record struct CopyHit(long Row, int Distance);
