namespace Aegis.Cli.Files;

/// <summary>One line of output to come: a file to hash, or a path that already failed (e.g. it does not exist).</summary>
internal sealed record HashTarget(string Path, string? Error = null);
