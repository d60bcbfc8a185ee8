using System.Buffers.Binary;
using Aegis.Fuzz.Tests.Support;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Previews;
using Aegis.Hashing.Video;
using CsCheck;
using Xunit.Abstractions;

namespace Aegis.Fuzz.Tests;

/// <summary>
/// Image sniffing and decoding: seed images mutated byte by byte through the whole hasher (Skia's header checks, our
/// 16-bit PNG decoder, PDQ), structure-aware PNGs through the decoder and straight into the 16-bit decoder, and the
/// sniffers on mutated headers. The only failure allowed is <see cref="ImageDecodeException"/>.
/// </summary>
public sealed class ImageFuzzTests(ITestOutputHelper output)
{
    /// <summary>
    /// A pixel limit below the default (100 megapixels) so that a mutated header declaring a large image is decoded,
    /// or refused, in milliseconds; the code paths are the same.
    /// </summary>
    private const long FuzzMaxPixels = 1 << 22;

    /// <summary>
    /// Managed bytes one image case may allocate: the RGBA buffer (4 per pixel), the 16-bit decoder's raw scanlines
    /// (up to 8 per pixel plus a filter byte a row) and PDQ's working buffers come to under 20 bytes per declared pixel;
    /// copies of the file (the compressed stream, digests) to a few times its size; and a fixed allowance for the rest.
    /// </summary>
    private const long BytesPerPixel = 20;

    private const long BytesPerInputByte = 16;

    private const long FixedAllowance = 8 << 20;

    private static readonly ImageLimits Limits = new() { MaxPixels = FuzzMaxPixels };

    private static readonly ThreadLocal<ImageFileHasher> Hasher = new(() => new ImageFileHasher(Limits));

    private static readonly ImageDecoder Decoder = new(Limits);

    private static readonly PreviewRenderer Previews = new(Limits);

    [Fact]
    public Task Image_files_mutated_from_the_seed_corpus_hash_or_are_refused() =>
        Fuzzer.RunAsync(output, new FuzzTarget<byte[]>
        {
            Name = "image-hasher",
            Gen = Mutation.Of(Seeds.Images),
            Body = bytes =>
            {
                var hashes = Hasher.Value!.Hash(bytes);
                CheckDecoded(hashes.Width, hashes.Height);
            },
            IsDocumented = e => e is ImageDecodeException,
            AllocationBound = ImageBound,
            Serialize = bytes => bytes,
        });

    /// <summary>
    /// The review console's previews: the codecs' scaled decoding (a JPEG at 1/2 to 1/8, a WebP by libwebp's scaler), EXIF
    /// orientation, blur and re-encoding, on the seeds and on copies of them enlarged 8× (as JPEG and WebP, so that a
    /// 64–127 pixel preview decodes them scaled), mutated. A preview is a JPEG within its long side.
    /// </summary>
    [Fact]
    public Task Image_files_mutated_from_the_seed_corpus_preview_or_are_refused() =>
        Fuzzer.RunAsync(output, new FuzzTarget<byte[]>
        {
            Name = "image-preview",
            Gen = Mutation.Of([.. Seeds.Images, .. Enlarged(Seeds.Images)]),
            Body = bytes =>
            {
                var options = PreviewOptions.Default with { MaxLongSide = PreviewOptions.MinLongSide + (bytes.Length % 64) };
                var preview = Previews.Render(bytes, options);
                if (preview.Width is < 1 || preview.Height is < 1 || Math.Max(preview.Width, preview.Height) > options.MaxLongSide ||
                    !preview.Jpeg.Span.StartsWith([(byte)0xFF, (byte)0xD8, (byte)0xFF]))
                {
                    throw new FuzzFindingException($"A {preview.Width}×{preview.Height} preview ({preview.Jpeg.Length} bytes) for a long side of {options.MaxLongSide}.");
                }
            },
            IsDocumented = e => e is ImageDecodeException,
            AllocationBound = ImageBound,
            Serialize = bytes => bytes,
        });

    [Fact]
    public Task Structured_pngs_decode_or_are_refused() =>
        Fuzzer.RunAsync(output, new FuzzTarget<byte[]>
        {
            Name = "png-structured",
            Gen = PngBuilder.Gen,
            Body = bytes =>
            {
                using var image = Decoder.Decode(bytes);
                CheckDecoded(image.Width, image.Height);
                if (image.Pixels.Length != image.Width * image.Height * 4)
                {
                    throw new FuzzFindingException($"{image.Width}×{image.Height} image with {image.Pixels.Length} bytes of pixels.");
                }
            },
            IsDocumented = e => e is ImageDecodeException,
            AllocationBound = ImageBound,
            Serialize = bytes => bytes,
        });

    /// <summary>
    /// The 16-bit decoder on its own, given the size the IHDR declares, as the decoder hands it over once Skia has
    /// read the header; here Skia's own checks (CRCs, chunk order) do not screen the input first.
    /// </summary>
    [Fact]
    public Task Structured_pngs_into_the_16_bit_decoder_decode_or_are_refused() =>
        Fuzzer.RunAsync(output, new FuzzTarget<byte[]>
        {
            Name = "png16-decoder",
            Gen = PngBuilder.Gen,
            Body = bytes =>
            {
                if (PngHeader.TryRead(bytes) is not { } header)
                {
                    return;
                }

                var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
                var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
                if (width <= 0 || height <= 0 || (long)width * height > FuzzMaxPixels)
                {
                    return; // ImageDecoder refuses these before the 16-bit decoder is reached
                }

                var rgba = new byte[width * height * 4];
                Png16Decoder.Decode(bytes, width, height, header, rgba);
            },
            IsDocumented = e => e is ImageDecodeException,
            AllocationBound = ImageBound,
            Serialize = bytes => bytes,
        });

    [Fact]
    public Task Sniffers_answer_for_any_header() =>
        Fuzzer.RunAsync(output, new FuzzTarget<byte[]>
        {
            Name = "sniffers",
            Gen = Mutation.Of([.. Seeds.Images.Concat(Seeds.Videos).Select(s => s[..Math.Min(s.Length, 4 * VideoSniffer.HeaderLength)])]),
            Body = bytes =>
            {
                _ = VideoSniffer.LooksLikeVideo(bytes);
                _ = PngHeader.TryRead(bytes);
            },
            AllocationBound = _ => 0,
            Serialize = bytes => bytes,
        });

    /// <summary>Each seed Skia can read, 8× larger, as a JPEG and a lossy WebP.</summary>
    private static IEnumerable<byte[]> Enlarged(IEnumerable<byte[]> seeds)
    {
        foreach (var seed in seeds)
        {
            using var small = SkiaSharp.SKBitmap.Decode(seed);
            if (small is null)
            {
                continue;
            }

            using var large = small.Resize(new SkiaSharp.SKImageInfo(small.Width * 8, small.Height * 8), new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear));
            foreach (var format in new[] { SkiaSharp.SKEncodedImageFormat.Jpeg, SkiaSharp.SKEncodedImageFormat.Webp })
            {
                using var encoded = large.Encode(format, 80);
                yield return encoded.ToArray();
            }
        }
    }

    private static long ImageBound(byte[] bytes) => (BytesPerPixel * FuzzMaxPixels) + (BytesPerInputByte * bytes.Length) + FixedAllowance;

    private static void CheckDecoded(int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height > FuzzMaxPixels)
        {
            throw new FuzzFindingException($"Decoded a {width}×{height} image, outside the limits (1 to {FuzzMaxPixels:N0} pixels).");
        }
    }
}
