using System.Text;
using Aegis.Matching.Banks;

namespace Aegis.Matching.Formats;

/// <summary>
/// Reads a hash list lazily, a line at a time, yielding a <see cref="HashListItem"/> (a record, or an error with
/// its line number) for every entry; blank lines (and, in the python-threatexchange format, # comments) are
/// skipped, and nothing else is dropped. Duplicates are passed through (see <see cref="HashListDeduplicator"/>).
/// Memory does not grow with the file: lines longer than <see cref="MaxLineLength"/> are reported, not buffered.
/// </summary>
public sealed class HashListReader : IDisposable
{
    /// <summary>The longest line read (in characters); longer lines are an error.</summary>
    public const int MaxLineLength = LineSource.DefaultMaxLineLength;

    private readonly TextReader _text;
    private readonly bool _ownsText;
    private readonly HashListParser _parser;
    private readonly List<HashListItem> _detectionErrors;
    private bool _started;

    private HashListReader(
        TextReader text, bool ownsText, HashListFormat format, HashListParser parser, List<HashListItem> detectionErrors)
    {
        _text = text;
        _ownsText = ownsText;
        Format = format;
        _parser = parser;
        _detectionErrors = detectionErrors;
    }

    /// <summary>The format being read: the one given, or the one detected.</summary>
    public HashListFormat Format { get; }

    /// <summary>
    /// A reader over <paramref name="text"/>. Without <paramref name="format"/>, the format is that of
    /// <paramref name="fileName"/>'s extension (<see cref="HashListFormatDetector.FromFileName"/>), else of the
    /// first non-blank line (<see cref="HashListFormatDetector.FromFirstLine"/>), which this reads at once; an
    /// empty input is python-threatexchange.
    /// </summary>
    /// <param name="text">The list; the caller keeps ownership.</param>
    /// <param name="format">The format, overriding detection.</param>
    /// <param name="fileName">The file's name, for detection by extension.</param>
    /// <param name="defaultType">
    /// The type of a hash given without one when its length does not settle it: a bare 64-hex signal (PDQ or
    /// SHA-256). Without it such a line is an error. A 32-hex hash without a type is always MD5.
    /// </param>
    public static HashListReader Create(
        TextReader text, HashListFormat? format = null, string? fileName = null, SignalType? defaultType = null) =>
        Create(text, ownsText: false, format, fileName, defaultType);

    /// <summary>A reader over a file (UTF-8, or UTF-16/32 with a byte-order mark); dispose it to close the file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="format">The format, overriding detection by extension and content.</param>
    /// <param name="defaultType">As for <see cref="Create(TextReader, HashListFormat?, string?, SignalType?)"/>.</param>
    public static HashListReader OpenFile(string path, HashListFormat? format = null, SignalType? defaultType = null)
    {
        var stream = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        try
        {
            return Create(text, ownsText: true, format, path, defaultType);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads <paramref name="text"/> lazily; detection (when <paramref name="format"/> is null) happens on the first
    /// <c>MoveNext</c>. The parameters are those of <see cref="Create(TextReader, HashListFormat?, string?, SignalType?)"/>.
    /// </summary>
    /// <param name="text">The list; the caller keeps ownership.</param>
    /// <param name="format">The format, overriding detection.</param>
    /// <param name="fileName">The file's name, for detection by extension.</param>
    /// <param name="defaultType">The type of bare 64-hex hashes.</param>
    public static IEnumerable<HashListItem> Read(
        TextReader text, HashListFormat? format = null, string? fileName = null, SignalType? defaultType = null)
    {
        Validate(text, format, defaultType);
        return Iterate(text, format, fileName, defaultType);

        static IEnumerable<HashListItem> Iterate(TextReader text, HashListFormat? format, string? fileName, SignalType? defaultType)
        {
            using var reader = Create(text, format, fileName, defaultType);
            foreach (var item in reader.ReadAll())
            {
                yield return item;
            }
        }
    }

    /// <summary>The items, lazily, in file order. A reader reads once: a second call throws.</summary>
    public IEnumerable<HashListItem> ReadAll()
    {
        if (_started)
        {
            throw new InvalidOperationException("A HashListReader can be read only once.");
        }

        _started = true;
        return Iterate();

        IEnumerable<HashListItem> Iterate()
        {
            foreach (var error in _detectionErrors)
            {
                yield return error;
            }

            while (_parser.TryReadNext(out var item))
            {
                yield return item;
            }
        }
    }

    public void Dispose()
    {
        if (_ownsText)
        {
            _text.Dispose();
        }
    }

    private static HashListReader Create(
        TextReader text, bool ownsText, HashListFormat? format, string? fileName, SignalType? defaultType)
    {
        Validate(text, format, defaultType);
        var lines = new LineSource(text);
        var errors = new List<HashListItem>();
        var chosen = format ?? HashListFormatDetector.FromFileName(fileName) ?? Sniff(lines, errors);
        return new HashListReader(text, ownsText, chosen, HashListParser.Create(chosen, lines, defaultType), errors);
    }

    private static void Validate(TextReader text, HashListFormat? format, SignalType? defaultType)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (format is { } given && !Enum.IsDefined(given))
        {
            throw new ArgumentOutOfRangeException(nameof(format), given, "Unknown hash-list format.");
        }

        if (defaultType is { } type && !Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(defaultType), type, "Unknown signal type.");
        }
    }

    /// <summary>Reads up to the first non-blank line, decides from it and puts it back.</summary>
    private static HashListFormat Sniff(LineSource lines, List<HashListItem> errors)
    {
        while (lines.TryReadLine(out var line))
        {
            if (lines.LastLineTooLong)
            {
                errors.Add(HashListItem.Fail(
                    lines.LineNumber, $"line is longer than {lines.MaxLineLength} characters", lines.TooLongPreview));
                continue;
            }

            if (HashListFormatDetector.FromFirstLine(line) is { } detected)
            {
                lines.Unread();
                return detected;
            }
        }

        return HashListFormat.ThreatExchange;
    }
}
