using Aegis.Cli.Files;

namespace Aegis.Cli.Hash;

/// <summary>The outcome for one file: its hashes, or why it failed.</summary>
internal sealed record HashLine(string Path, MediaHashes Media)
{
    public string? Error => Media.Error;
}
