using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's signal and content types as Aegis serves them: <c>pdq</c> (Aegis <see cref="SignalType.Pdq"/>),
/// <c>video_md5</c> (<see cref="SignalType.Md5"/>: the MD5 of the file bytes) and HMA's optional <c>vpdq</c>
/// extension (<see cref="SignalType.Vpdq"/>); content types <c>photo</c> and <c>video</c>.
/// </summary>
internal static class HmaSignalTypes
{
    public const string Pdq = "pdq";
    public const string VideoMd5 = "video_md5";
    public const string Vpdq = "vpdq";
    public const string Photo = "photo";
    public const string Video = "video";

    /// <summary>Every signal type, in the order HMA lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Pdq, VideoMd5, Vpdq];

    /// <summary>Every content type.</summary>
    public static IReadOnlyList<string> ContentTypes { get; } = [Photo, Video];

    /// <summary>The Aegis type of an HMA signal type name, or null for a name HMA does not have.</summary>
    public static SignalType? Find(string? name) => name switch
    {
        Pdq => SignalType.Pdq,
        VideoMd5 => SignalType.Md5,
        Vpdq => SignalType.Vpdq,
        _ => null,
    };

    /// <summary>The HMA name of an Aegis type (SHA-256, which HMA lacks, is <c>sha256</c>).</summary>
    public static string Name(SignalType type) => type switch
    {
        SignalType.Pdq => Pdq,
        SignalType.Md5 => VideoMd5,
        SignalType.Vpdq => Vpdq,
        _ => "sha256",
    };

    /// <summary>The signal types HMA computes for a content type by default.</summary>
    /// <remarks>
    /// As in HMA, a photo gets <c>pdq</c> only (python-threatexchange's <c>VideoMD5Signal</c> is for videos); a
    /// photo's <c>video_md5</c> is computed only when asked for with <c>types=</c>.
    /// </remarks>
    public static IReadOnlyList<string> Defaults(string contentType) => contentType == Photo ? [Pdq] : [VideoMd5, Vpdq];

    /// <summary>The signal types a content type can have.</summary>
    public static bool Applies(string signalType, string contentType) =>
        contentType == Video ? signalType is VideoMd5 or Vpdq : signalType is Pdq or VideoMd5;

    /// <summary>The content type named, or a 400 <c>"no such content_type: '…'"</c>.</summary>
    public static string ContentType(string name) => ContentTypes.Contains(name)
        ? name
        : throw new HmaException(StatusCodes.Status400BadRequest, $"no such content_type: '{name}'");

    /// <summary>The type named in a lookup, or a 400 <c>"No such SignalType '…'"</c>.</summary>
    public static SignalType Require(string name) =>
        Find(name) ?? throw new HmaException(StatusCodes.Status400BadRequest, $"No such SignalType '{name}'");

    /// <summary>
    /// The signal types to compute: those named in <paramref name="types"/> (comma-separated), else the content
    /// type's defaults. A name that does not exist or does not apply to the content type is a 400.
    /// </summary>
    public static IReadOnlyList<string> Select(string contentType, string? types)
    {
        if (HmaParse.List(types) is not { } named)
        {
            return Defaults(contentType);
        }

        foreach (var name in named)
        {
            if (Find(name) is null || !Applies(name, contentType))
            {
                throw new HmaException(StatusCodes.Status400BadRequest, $"signal type '{name}' doesn't exist or is disabled");
            }
        }

        return named.Count > 0
            ? All.Where(named.Contains).ToList()
            : throw new HmaException(StatusCodes.Status400BadRequest, "empty signal type selection");
    }

    /// <summary>A signal checked against its type and written canonically (lowercase hex; vPDQ's canonical JSON).</summary>
    /// <returns>The canonical value, or null with <paramref name="reason"/> when the text is not a valid signal.</returns>
    public static string? Canonical(SignalType type, string? text, out string reason)
    {
        reason = "";
        var value = text?.Trim() ?? "";
        switch (type)
        {
            case SignalType.Pdq when PdqHash.TryParse(value, out var pdq):
                return pdq.ToString();
            case SignalType.Pdq when value.Length == 0:
                reason = "the PDQ hash is empty (a photo whose PDQ quality is under 50, too small or too plain to match on, hashes to \"\", as in HMA)";
                return null;
            case SignalType.Pdq:
                reason = $"a PDQ hash is {PdqHash.HexLength} hex characters; got '{Short(value)}'";
                return null;
            case SignalType.Md5 when value.Length == 32 && Md5Hash.TryParse(value, out var md5):
                return md5.ToString();
            case SignalType.Md5:
                reason = $"'{Short(value)}' is not a valid MD5 hash";
                return null;
            case SignalType.Vpdq:
                try
                {
                    return VpdqSignal.Canonicalize(value);
                }
                catch (FormatException e)
                {
                    reason = e.Message;
                    return null;
                }

            default:
                reason = "not an HMA signal type";
                return null;
        }
    }

    private static string Short(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
