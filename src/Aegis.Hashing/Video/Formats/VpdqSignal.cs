using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aegis.Hashing.Video.Formats;

/// <summary>
/// python-threatexchange's vPDQ signal (signal type <c>vpdq</c>): a JSON list of strings
/// <c>"pdqHex,quality,timestamp"</c>, one per hashed frame, in order. Frame numbers are not part of it.
/// </summary>
/// <remarks>
/// <para>Sources, facebook/ThreatExchange, <c>python-threatexchange/threatexchange/extensions/vpdq/</c>:</para>
/// <list type="bullet">
/// <item><c>vpdq_util.py</c>: <c>VpdqCompactFeature.__str__</c> is
/// <c>f"{pdq_hex},{quality},{timestamp:.{VPDQ_TIMESTAMP_PRECISION}}"</c> with the precision 3; <c>vpdq_to_json</c> is
/// <c>json.dumps([str(f.assert_valid()) for f in features])</c> (so <c>", "</c> between entries and <c>[]</c> when
/// empty); <c>json_to_vpdq</c> is <c>[VpdqCompactFeature.from_str(s) for s in json.loads(json_str or "[]")]</c>, where
/// <c>from_str</c> splits on commas, requires exactly three parts and calls <c>assert_valid</c> (64 hex characters,
/// quality 0..100, timestamp ≥ 0).</item>
/// <item><c>vpdq.py</c>: <c>class VPDQSignal</c>; its name comes from <c>SignalType.get_name</c>
/// (<c>threatexchange/signal_type/signal_base.py</c>: <c>class_name_to_human_name(cls.__name__, "Signal")</c>), which
/// turns <c>VPDQSignal</c> into <c>vpdq</c>. <c>get_examples</c> builds features from <c>PdqSignal.get_examples()</c>
/// with quality 100 and timestamps 0.0, 1.0, 2.0, … .</item>
/// </list>
/// <para>
/// Note what <c>.3</c> means in a Python format spec without a type: three <em>significant</em> digits, not three
/// decimals (see <see cref="PythonFloatFormat"/>). A timestamp of 18.767 s is sent as <c>18.8</c>, and one of 123.4 s
/// as <c>1.23e+02</c>; the signal loses timestamp precision past the third digit. Aegis writes exactly what
/// python-threatexchange writes, so a signal round-trips through either byte for byte, and reads the exponent form.
/// </para>
/// <para>
/// Older revisions (<c>extensions/vpdq/video_vpdq.py</c>, <c>VideoVPDQSignal</c>, and <c>OLD_json_to_vpdq</c> in
/// <c>vpdq_util.py</c>) used a JSON object keyed by frame number with <c>quality</c>, <c>hash</c> and
/// <c>timestamp</c> members; that format is not read here.
/// </para>
/// <para>
/// Differences: a non-finite timestamp (Python's <c>float</c> accepts <c>nan</c> and <c>inf</c>) is rejected; the hex
/// is parsed as a PDQ hash (64 hex characters, either case) rather than with Python's <c>int(s, 16)</c>, which also
/// accepts a <c>0x</c> prefix or underscores.
/// </para>
/// </remarks>
public static class VpdqSignal
{
    /// <summary>python-threatexchange's name for this signal type.</summary>
    public const string Name = "vpdq";

    private const int FieldCount = 3;
    private const NumberStyles Integer = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign;

    /// <summary>Writes the features as python-threatexchange's <c>vpdq_to_json</c> does; frame numbers are dropped.</summary>
    /// <exception cref="ArgumentException">A feature has a quality outside 0..100 or a negative or non-finite
    /// timestamp (python-threatexchange's <c>assert_valid</c> refuses the same).</exception>
    public static string Serialize(IEnumerable<VpdqFeature> features) => SerializeWith(features, FormatEntry);

    /// <summary>
    /// Aegis's canonical text of a signal: python-threatexchange's JSON list, with each timestamp written to the
    /// millisecond (shortest form: <c>18.767</c>, <c>3</c>) instead of to three significant digits, so that nothing is
    /// lost for long videos. python-threatexchange reads it (<c>float()</c> of the third field); equal signals have
    /// equal text.
    /// </summary>
    /// <exception cref="ArgumentException">A feature is out of range (see <see cref="Serialize"/>).</exception>
    public static string SerializeCanonical(IEnumerable<VpdqFeature> features) => SerializeWith(features, FormatCanonicalEntry);

    /// <summary>A signal in Aegis's canonical text (see <see cref="SerializeCanonical"/>).</summary>
    /// <exception cref="FormatException">The signal is malformed (see <see cref="Parse"/>), or has no frames.</exception>
    public static string Canonicalize(string signal)
    {
        var features = Parse(signal);
        if (features.Count == 0)
        {
            throw new FormatException("A vPDQ signal must hold at least one frame; this one is empty.");
        }

        return SerializeCanonical(features);
    }

    /// <summary>
    /// Reads a signal as python-threatexchange's <c>json_to_vpdq</c> does. Frame numbers are not in the signal, so
    /// they are numbered 0, 1, 2, … in order. An empty string is an empty list, as in python-threatexchange.
    /// </summary>
    /// <exception cref="FormatException">The text is not a JSON list of well-formed entries; the message names the
    /// entry (0-based) and the field.</exception>
    public static IReadOnlyList<VpdqFeature> Parse(string signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Length == 0)
        {
            return [];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(signal);
        }
        catch (JsonException e)
        {
            throw new FormatException($"A vPDQ signal is a JSON list of strings; this is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"A vPDQ signal is a JSON list of strings; got a JSON {Kind(root)}.");
            }

            var features = new List<VpdqFeature>(root.GetArrayLength());
            foreach (var entry in root.EnumerateArray())
            {
                features.Add(ParseEntry(entry, features.Count));
            }

            return features;
        }
    }

    /// <summary>One entry, <c>pdqHex,quality,timestamp</c>, as python-threatexchange's <c>VpdqCompactFeature.__str__</c>.</summary>
    internal static string FormatEntry(VpdqFeature feature) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{feature.Hash},{feature.Quality},{PythonFloatFormat.FormatPrecision3(feature.Timestamp)}");

    private static string FormatCanonicalEntry(VpdqFeature feature) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{feature.Hash},{feature.Quality},{Math.Round(feature.Timestamp, 3).ToString("0.###", CultureInfo.InvariantCulture)}");

    private static string SerializeWith(IEnumerable<VpdqFeature> features, Func<VpdqFeature, string> format)
    {
        ArgumentNullException.ThrowIfNull(features);
        var json = new StringBuilder("[");
        foreach (var feature in features)
        {
            VpdqFields.Check(feature, frameNumber: false);
            if (json.Length > 1)
            {
                json.Append(", ");
            }

            json.Append('"').Append(format(feature)).Append('"');
        }

        return json.Append(']').ToString();
    }

    private static VpdqFeature ParseEntry(JsonElement entry, int index)
    {
        if (entry.ValueKind != JsonValueKind.String)
        {
            throw new FormatException(
                $"vPDQ signal entry {index}: expected a string \"pdqHex,quality,timestamp\", got a JSON {Kind(entry)}.");
        }

        string value;
        try
        {
            value = entry.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON but no string.
            throw new FormatException($"vPDQ signal entry {index}: the string is not valid text ({e.Message})", e);
        }

        var text = value.AsSpan();
        Span<Range> fields = stackalloc Range[FieldCount + 1];
        if (text.Split(fields, ',') != FieldCount)
        {
            throw new FormatException(
                $"vPDQ signal entry {index}: expected {FieldCount} comma-separated fields (pdqHex,quality,timestamp), " +
                $"got {VpdqFields.Quote(text)}.");
        }

        Check(index, VpdqFields.ParseHash(text[fields[0]], out var hash));
        Check(index, VpdqFields.ParseQuality(text[fields[1]], Integer, out var quality));
        Check(index, VpdqFields.ParseTimestamp(text[fields[2]], NumberStyles.Float, out var timestamp));
        return new VpdqFeature(hash, index, quality, timestamp);
    }

    private static void Check(int index, string? problem)
    {
        if (problem is not null)
        {
            throw new FormatException($"vPDQ signal entry {index}: {problem}.");
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "list",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
