namespace Aegis.Hashing.Video.Formats;

/// <summary>A line of a vPDQ hash file that cannot be read, with its 1-based line number.</summary>
public sealed class VpdqFormatException : FormatException
{
    public VpdqFormatException(long lineNumber, string detail)
        : base($"Line {lineNumber}: {detail}.")
    {
        LineNumber = lineNumber;
        Detail = detail;
    }

    /// <summary>The 1-based number of the offending line.</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong with the line, without the line number.</summary>
    public string Detail { get; }
}
