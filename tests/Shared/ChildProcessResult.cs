namespace Aegis.Tests;

/// <summary>How a program run by <see cref="ChildProcess"/> ended: its exit code and everything it wrote.</summary>
internal sealed record ChildProcessResult(int ExitCode, string Output, string Error);
