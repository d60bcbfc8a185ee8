namespace Aegis.Core.Signals;

/// <summary>A bank file that cannot be read; the message names the line and what is wrong with it.</summary>
public sealed class PatternBankFormatException : FormatException
{
    /// <summary>A bank file error at <paramref name="line"/> (1-based).</summary>
    public PatternBankFormatException(int line, string message)
        : base($"line {line}: {message}") => Line = line;

    public PatternBankFormatException()
    {
    }

    public PatternBankFormatException(string message)
        : base(message)
    {
    }

    public PatternBankFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The 1-based line the error is on.</summary>
    public int Line { get; }
}
