using Aegis.Matching.Matching;

namespace Aegis.Cli.Scan;

/// <summary>The outcome for one scanned file: its matches, or why it could not be hashed.</summary>
internal sealed record ScanLine(string Path, MatchResult? Result, string? Error);
