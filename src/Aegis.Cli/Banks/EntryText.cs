using System.Globalization;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;

namespace Aegis.Cli.Banks;

/// <summary>How the CLI names an entry in one line (a vPDQ signal is kilobytes: it is summarised).</summary>
internal static class EntryText
{
    public static string Type(BankEntry entry) => entry.Type.ToString().ToLowerInvariant();

    public static string Short(BankEntry entry) => entry.Type == SignalType.Vpdq
        ? string.Create(CultureInfo.InvariantCulture, $"{VpdqSignal.Parse(entry.Value).Count} frames")
        : entry.Value;
}
