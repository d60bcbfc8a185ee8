using System.Globalization;
using System.Text;
using Aegis.Fuzz.Tests.Support;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using CsCheck;
using Xunit.Abstractions;

namespace Aegis.Fuzz.Tests;

/// <summary>
/// The vPDQ signal (python-threatexchange's JSON list) and the reference tools' per-frame text: mutated inputs parse or
/// are refused with a <see cref="FormatException"/>, and what is written reads back; hex hashes round-trip.
/// </summary>
public sealed class VpdqFuzzTests(ITestOutputHelper output)
{
    /// <summary>Managed bytes one parse may allocate per byte of input: the JSON document, the strings it hands out, the features.</summary>
    private const long BytesPerInputByte = 48;

    private const long FixedAllowance = 1 << 20;

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            ",", "\"", "[", "]", "{", "}", ", ", "\\u0000", "\\ud800", "\\\"", "e+02", "e-05", "1e999", "nan", "inf", "-", "+", ".",
            " ", "\t", "\n", "\r\n", "0x", "_", "2147483648", "-1", "101", "00000000000000000000000000000000", "null", "true",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    [Fact]
    public Task Mutated_vpdq_signals_parse_or_are_refused() =>
        Fuzzer.RunAsync(output, new FuzzTarget<byte[]>
        {
            Name = "vpdq-signal",
            Gen = Mutation.Of(SignalSeeds, Tokens),
            Body = bytes =>
            {
                var features = VpdqSignal.Parse(Encoding.UTF8.GetString(bytes));
                if (features.Count > 0)
                {
                    // What parses canonicalizes, and the canonical text is a fixed point.
                    var canonical = VpdqSignal.SerializeCanonical(features);
                    if (VpdqSignal.Canonicalize(canonical) != canonical)
                    {
                        throw new FuzzFindingException($"Canonical text is not canonical: {canonical}");
                    }
                }
            },
            IsDocumented = e => e is FormatException,
            AllocationBound = bytes => (BytesPerInputByte * bytes.Length) + FixedAllowance,
            Serialize = bytes => bytes,
        });

    [Fact]
    public Task Mutated_vpdq_text_files_parse_or_are_refused() =>
        Fuzzer.RunAsync(output, new FuzzTarget<byte[]>
        {
            Name = "vpdq-text",
            Gen = Mutation.Of(TextSeeds, Tokens),
            Body = bytes => VpdqText.Parse(new StreamReader(new MemoryStream(bytes), Encoding.UTF8)),
            IsDocumented = e => e is VpdqFormatException,
            AllocationBound = bytes => (BytesPerInputByte * bytes.Length) + FixedAllowance,
            Serialize = bytes => bytes,
        });

    /// <summary>
    /// Features written read back: the signal keeps hash and quality and the timestamp as python-threatexchange
    /// writes it (three significant digits), the canonical signal to the millisecond, the text file to three decimals
    /// with the frame numbers; and hex hashes of every kind parse back to themselves.
    /// </summary>
    [Fact]
    public Task Written_vpdq_and_hex_hashes_read_back() =>
        Fuzzer.RunAsync(output, new FuzzTarget<VpdqFeature[]>
        {
            Name = "vpdq-round-trip",
            Gen = TextGen.Features,
            Body = features =>
            {
                Same(features, VpdqSignal.Parse(VpdqSignal.Serialize(features)), frames: false,
                    t => double.Parse(PythonFloatFormat.FormatPrecision3(t), CultureInfo.InvariantCulture));
                Same(features, VpdqSignal.Parse(VpdqSignal.SerializeCanonical(features)), frames: false, t => Math.Round(t, 3));
                var text = new StringWriter();
                VpdqText.Write(text, features);
                Same(features, VpdqText.Parse(new StringReader(text.ToString())), frames: true,
                    t => double.Parse(t.ToString("F3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
                foreach (var feature in features)
                {
                    var h = feature.Hash;
                    if (!PdqHash.TryParse(h.ToString().ToUpperInvariant(), out var pdq) || pdq != h ||
                        !Md5Hash.TryParse(new Md5Hash(h.W0, h.W1).ToString(), out var md5) || md5 != new Md5Hash(h.W0, h.W1) ||
                        !Sha256Hash.TryParse(new Sha256Hash(h.W0, h.W1, h.W2, h.W3).ToString(), out var sha) || sha != new Sha256Hash(h.W0, h.W1, h.W2, h.W3))
                    {
                        throw new FuzzFindingException($"A hex hash does not read back: {h}");
                    }
                }
            },
            AllocationBound = _ => FixedAllowance,
            Serialize = features => TextGen.Utf8(string.Join('\n', features.Select(f => f.ToString()))),
        });

    /// <summary>Signals: the examples python-threatexchange gives, an empty list, an exponent, and one from a sample video.</summary>
    private static IReadOnlyList<byte[]> SignalSeeds { get; } =
    [
        .. new[]
        {
            "[]",
            "",
            "[\"f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,100,0.0\", \"30a10efd71cc3d429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af,100,1.0\"]",
            "[\"d8f871cce0f4e84d8a370a32028f63f4b36e27d597621e0d33e6b39c4a9c9b22,57,1.23e+02\"]",
            "[\"D8F871CCE0F4E84D8A370A32028F63F4B36E27D597621E0D33E6B39C4A9C9B22, 0 ,1e-05\"]",
        }.Select(Encoding.UTF8.GetBytes),
        Encoding.UTF8.GetBytes(VpdqSignal.Serialize(VpdqText.Parse(new StringReader(SampleText)).Take(20))),
    ];

    private static IReadOnlyList<byte[]> TextSeeds { get; } =
        [Encoding.UTF8.GetBytes(SampleText), Encoding.UTF8.GetBytes("0,100,e6cf059c4c6696362cc9d6663cd9c263714169d98327399993363d9c3d9cc666,0.000\n")];

    /// <summary>The first frames of the reference tools' hashes of a sample video (tests/data/video/vpdq).</summary>
    private static string SampleText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", "vpdq", "sample.txt"));

    private static void Same(VpdqFeature[] written, IReadOnlyList<VpdqFeature> read, bool frames, Func<double, double> timestamp)
    {
        var problem = written.Length != read.Count
            ? $"{written.Length} features written, {read.Count} read"
            : written.Zip(read).Select((p, i) =>
                p.First.Hash != p.Second.Hash ? "the hash" :
                p.First.Quality != p.Second.Quality ? "the quality" :
                (frames ? p.First.FrameNumber : i) != p.Second.FrameNumber ? "the frame number" :
                !timestamp(p.First.Timestamp).Equals(p.Second.Timestamp) ? $"the timestamp ({p.First.Timestamp:R} read as {p.Second.Timestamp:R})" : null)
              .Select((what, i) => what is null ? null : $"feature {i}: {what} changed")
              .FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            throw new FuzzFindingException($"Written vPDQ did not read back: {problem}.");
        }
    }
}
