using Aegis.Matching.Banks;

namespace Aegis.Matching.Formats;

/// <summary>
/// The signal-type names of python-threatexchange (facebook/ThreatExchange, folder <c>python-threatexchange/</c>),
/// mapped to Aegis's <see cref="SignalType"/>.
/// </summary>
/// <remarks>
/// <para>
/// python-threatexchange names a signal type by its class: <c>SignalType.get_name()</c> in
/// <c>threatexchange/signal_type/signal_base.py</c> calls <c>common.class_name_to_human_name(cls.__name__, "Signal")</c>
/// (<c>threatexchange/common.py</c>), which drops the "Signal" suffix and turns CamelCase into lower_snake_case. So:
/// </para>
/// <list type="bullet">
/// <item><c>pdq</c>: <c>PdqSignal</c>, <c>threatexchange/signal_type/pdq/signal.py</c> (older releases:
/// <c>signal_type/pdq.py</c>); the signal is 64 lowercase hex characters.</item>
/// <item><c>video_md5</c>: <c>VideoMD5Signal</c>, <c>threatexchange/signal_type/md5.py</c>; 32 hex, normalised with
/// <c>strip().lower()</c>. This is the MD5 of the file bytes (ThreatExchange indicator types <c>HASH_VIDEO_MD5</c> and
/// <c>HASH_MD5</c>).</item>
/// <item><c>photo_md5</c>: <c>PhotoMD5Signal(VideoMD5Signal)</c>, in older releases of the same <c>md5.py</c>; also the
/// MD5 of the file bytes. Accepted on read only.</item>
/// <item><c>video_sha256</c>: <c>VideoSHA256Signal</c>, <c>threatexchange/signal_type/sha256.py</c>; 64 hex, SHA-256 of
/// the file bytes (indicator types <c>HASH_VIDEO_SHA256</c>, <c>HASH_SHA256</c>). It is not in the CLI's default
/// signal list.</item>
/// </list>
/// <para>
/// The CLI's default signal types (<c>threatexchange/cli/main.py</c>, checked by
/// <c>threatexchange/cli/tests/config_cmd_misc_test.py</c>) are <c>pdq</c>, <c>raw_text</c>, <c>trend_query</c>,
/// <c>url</c>, <c>url_md5</c> and <c>video_md5</c>; <c>threatexchange/extensions/README.md</c> lists extension names
/// (<c>pdq_ocr</c>, <c>text_tlsh</c>, <c>vpdq</c>, <c>clip</c>, <c>tmk_pdqf</c>, <c>photodna</c>). Those, and
/// <c>text_md5</c> (<c>signal_type/text_md5.py</c>), are known here so that a line using one gets a clear
/// "not supported" error: <c>url_md5</c> and <c>text_md5</c> are MD5s of a URL or of text, not of a file, and must not
/// land in an MD5 bank.
/// </para>
/// <para>
/// The local file format itself is <c>LocalFileSignalExchangeAPI</c> in
/// <c>threatexchange/exchanges/impl/file_api.py</c>: each line is stripped, then split at the first space into
/// <c>signal_type</c> and <c>signal</c>, unless the collaboration config names a <c>signal_type</c>, in which case the
/// whole line is the signal; it appends lines as <c>f"{s_type.get_name()} {signal}\n"</c>. <c>threatexchange dataset
/// -P -S</c> (<c>threatexchange/cli/dataset_cmd.py</c>) prints the same <c>&lt;name&gt; &lt;signal&gt;</c> lines.
/// </para>
/// <para>Aegis also accepts its own names <c>md5</c> and <c>sha256</c>. All names are matched case-insensitively.</para>
/// </remarks>
public static class ThreatExchangeSignalNames
{
    /// <summary>python-threatexchange's name for PDQ.</summary>
    public const string Pdq = "pdq";

    /// <summary>python-threatexchange's name for the MD5 of a file (<c>VideoMD5Signal</c>).</summary>
    public const string VideoMd5 = "video_md5";

    /// <summary>The name older python-threatexchange releases used for photo MD5s (<c>PhotoMD5Signal</c>).</summary>
    public const string PhotoMd5 = "photo_md5";

    /// <summary>python-threatexchange's name for the SHA-256 of a file (<c>VideoSHA256Signal</c>).</summary>
    public const string VideoSha256 = "video_sha256";

    /// <summary>python-threatexchange's name for vPDQ (<c>VPDQSignal</c>, <c>extensions/vpdq/vpdq.py</c>).</summary>
    public const string Vpdq = "vpdq";

    /// <summary>The names accepted on read, for error messages.</summary>
    public const string Accepted = "pdq, video_md5, photo_md5, md5, video_sha256, sha256, vpdq";

    private static readonly string[] Unsupported =
    [
        "url_md5", "text_md5", "raw_text", "trend_query", "url", "pdq_ocr", "text_tlsh", "tlsh", "clip",
        "tmk_pdqf", "video_tmk_pdqf", "photodna",
    ];

    /// <summary>The name python-threatexchange uses for a type (what the writer puts before each signal).</summary>
    public static string GetName(SignalType type) => type switch
    {
        SignalType.Pdq => Pdq,
        SignalType.Md5 => VideoMd5,
        SignalType.Sha256 => VideoSha256,
        SignalType.Vpdq => Vpdq,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown signal type."),
    };

    /// <summary>Maps a python-threatexchange or Aegis signal-type name (any case) to its type.</summary>
    public static bool TryParse(ReadOnlySpan<char> name, out SignalType type)
    {
        if (Is(name, Pdq))
        {
            type = SignalType.Pdq;
            return true;
        }

        if (Is(name, VideoMd5) || Is(name, PhotoMd5) || Is(name, "md5"))
        {
            type = SignalType.Md5;
            return true;
        }

        if (Is(name, VideoSha256) || Is(name, "sha256"))
        {
            type = SignalType.Sha256;
            return true;
        }

        if (Is(name, Vpdq))
        {
            type = SignalType.Vpdq;
            return true;
        }

        type = default;
        return false;
    }

    /// <summary>
    /// Resolves a type name for a reader: the type, or a reason that names what was accepted (and says when the
    /// name is a python-threatexchange type that Aegis does not hold).
    /// </summary>
    internal static bool TryResolve(ReadOnlySpan<char> name, out SignalType type, out string? reason)
    {
        if (TryParse(name, out type))
        {
            reason = null;
            return true;
        }

        var shown = SignalValues.Shorten(name);
        foreach (var known in Unsupported)
        {
            if (Is(name, known))
            {
                reason = $"python-threatexchange signal type '{shown}' is not supported " +
                    $"(Aegis banks hold file and video hashes only: {Accepted})";
                return false;
            }
        }

        reason = $"unknown signal type '{shown}' (expected {Accepted})";
        return false;
    }

    private static bool Is(ReadOnlySpan<char> name, string known) =>
        name.Equals(known, StringComparison.OrdinalIgnoreCase);
}
