using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges;

/// <summary>An exchange's hash text as Aegis holds it: checked against its type, lower-case hex.</summary>
internal static class ExchangeSignals
{
    /// <summary>The signal, or null when <paramref name="text"/> is not a hash of <paramref name="type"/> (the exchange's value is skipped).</summary>
    public static ExchangeSignal? From(SignalType type, string? text)
    {
        var hex = text.AsSpan().Trim();
        if (hex.IsEmpty || !IsHex(hex))
        {
            return null;
        }

        string? value = type switch
        {
            SignalType.Pdq => PdqHash.TryParse(hex, out var pdq) ? pdq.ToString() : null,
            SignalType.Md5 => hex.Length == 32 && Md5Hash.TryParse(hex, out var md5) ? md5.ToString() : null,
            SignalType.Sha256 => hex.Length == 64 && Sha256Hash.TryParse(hex, out var sha) ? sha.ToString() : null,
            _ => null,
        };
        return value is null ? null : new ExchangeSignal(type, value);
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
