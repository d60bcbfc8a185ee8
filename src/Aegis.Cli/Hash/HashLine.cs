using Aegis.Hashing.Files;

namespace Aegis.Cli.Hash;

/// <summary>The outcome for one file: its hashes, or why it failed.</summary>
internal sealed record HashLine(string Path, ImageHashes? Hashes, string? Error);
