using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aegis.Core.Input;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;

namespace Aegis.Storage;

/// <summary>Checks a hash value against its type and returns canonical lowercase hex.</summary>
internal static class HashValues
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");
    private static readonly SearchValues<char> AnyHex = SearchValues.Create("0123456789abcdefABCDEF");

    public static int HexLength(SignalType type) => type switch
    {
        SignalType.Md5 => 32,
        SignalType.Pdq or SignalType.Sha256 or SignalType.Vpdq => 64,
        _ => throw new BankStoreException(BankStoreError.Invalid, $"Unknown signal type {(int)type}."),
    };

    /// <summary>The value in canonical form; the same string when it already is (the hash-list readers only produce those).</summary>
    /// <exception cref="BankStoreException">The value is not a hash of that type.</exception>
    public static string Canonical(SignalType type, string? value)
    {
        if (type == SignalType.Vpdq)
        {
            return CanonicalVpdq(value);
        }

        var length = HexLength(type);
        if (value is null || value.Length != length)
        {
            throw new BankStoreException(
                BankStoreError.Invalid,
                $"A {Label(type)} hash is {length} hex characters; got {(value is null ? "none" : value.Length.ToString(CultureInfo.InvariantCulture))}.");
        }

        if (!value.AsSpan().ContainsAnyExcept(LowerHex))
        {
            return value;
        }

        if (value.AsSpan().ContainsAnyExcept(AnyHex))
        {
            throw new BankStoreException(BankStoreError.Invalid, $"A {Label(type)} hash is hex; '{value}' is not.");
        }

        return value.ToLowerInvariant();
    }

    /// <summary>
    /// How a canonical value is stored: the <c>value</c> column (unique per bank and type) holds the hex itself, or for a
    /// vPDQ signal (kilobytes) its SHA-256, with the signal in the <c>signal</c> column.
    /// </summary>
    public static (string Key, string? Signal) Stored(SignalType type, string canonical) =>
        type == SignalType.Vpdq
            ? (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), canonical)
            : (canonical, null);

    private static string CanonicalVpdq(string? value)
    {
        try
        {
            return VpdqSignal.Canonicalize(value ?? "");
        }
        catch (FormatException e)
        {
            throw new BankStoreException(BankStoreError.Invalid, e.Message, e);
        }
    }

    /// <summary>
    /// The record's value in canonical form, once its ids and labels are checked (<see cref="EntryFields"/>: the importing
    /// caller turns such records into bad lines first); an error names the record (1-based) so the list can be fixed.
    /// </summary>
    public static string CanonicalForImport(HashListRecord record, long number)
    {
        if (EntryFields.Validate(record) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, $"Import record {number}: {invalid}");
        }

        try
        {
            return Canonical(record.Type, record.Value);
        }
        catch (BankStoreException e)
        {
            throw new BankStoreException(BankStoreError.Invalid, $"Import record {number}: {e.Message}", e);
        }
    }

    /// <summary>The type as people write it.</summary>
    public static string Label(SignalType type) => type switch
    {
        SignalType.Pdq => "PDQ",
        SignalType.Md5 => "MD5",
        SignalType.Vpdq => "vPDQ",
        _ => "SHA-256",
    };

    /// <summary>The name the type is stored as (what EF's enum-to-string conversion writes).</summary>
    public static string StoredName(SignalType type) => type switch
    {
        SignalType.Pdq => nameof(SignalType.Pdq),
        SignalType.Md5 => nameof(SignalType.Md5),
        SignalType.Sha256 => nameof(SignalType.Sha256),
        SignalType.Vpdq => nameof(SignalType.Vpdq),
        _ => throw new BankStoreException(BankStoreError.Invalid, $"Unknown signal type {(int)type}."),
    };
}
