namespace Aegis.Matching.Content;

/// <summary>One segment file a manifest names: its generation (hence its name), length, checksum and item count.</summary>
internal sealed record ManifestEntry(long Generation, long Length, ulong Checksum, int Items);
