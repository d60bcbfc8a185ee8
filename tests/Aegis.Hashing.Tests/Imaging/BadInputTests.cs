using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Tests.Support;

namespace Aegis.Hashing.Tests.Imaging;

/// <summary>
/// Hostile, damaged and out-of-limit input, built in memory at test time (see <see cref="BadImages"/>):
/// every failure must be an <see cref="ImageDecodeException"/> of the right <see cref="ImageErrorKind"/>
/// with a message that says what is wrong, never another exception, a hang or a huge allocation.
/// </summary>
public sealed class BadInputTests
{
    /// <summary>
    /// What refusing bad input may allocate: headers, tables and a little data, never the pixels a huge header declares
    /// (100,000 × 100,000 RGB would be 30 GB). 50 MiB is far above any header parse and far below any such decode.
    /// </summary>
    private const long AllocationBudget = 50L * 1024 * 1024;

    private static readonly byte[] Bridge = File.ReadAllBytes(TestData.Pdq("pdq/data/reg-test-input/dih/bridge-1-original.jpg"));

    private readonly ImageDecoder _decoder = new();

    // ---- not an image -----------------------------------------------------------------------

    [Fact]
    public void Zero_bytes_is_empty()
    {
        AssertDecodeFails([], ImageErrorKind.Empty, "empty", "0 bytes");
        AssertFails(() => new ImageFileHasher().Hash(ReadOnlySpan<byte>.Empty), ImageErrorKind.Empty, "empty");
        WithTempFile("empty.png", [], path =>
            AssertFails(() => new ImageFileHasher().HashFile(path), ImageErrorKind.Empty, "empty"));
    }

    [Fact]
    public void A_sixteen_bit_png_whose_zlib_stream_errs_is_corrupt()
    {
        // Found by the fuzzer: zlib answered with an error code of its own, a ZLibException that escaped the decoder.
        var png = File.ReadAllBytes(Path.Combine(TestData.Root, "fuzz", "png16-zlib-error.png"));

        AssertDecodeFails(png, ImageErrorKind.Corrupt, "corrupt");
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(2, 4096)]
    [InlineData(3, 100_000)]
    public void Random_bytes_are_unrecognized(int seed, int length)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);

        AssertDecodeFails(data, ImageErrorKind.UnrecognizedFormat, "Not a recognised image", "JPEG", "PNG");
    }

    [Fact]
    public void Text_is_unrecognized_whatever_the_file_is_called()
    {
        var text = "Aegis test notes\nThis is a plain text file, not an image.\n"u8.ToArray();

        AssertDecodeFails(text, ImageErrorKind.UnrecognizedFormat, "Not a recognised image");
        foreach (var name in new[] { "notes.txt", "notes.jpg", "notes.png" })
        {
            WithTempFile(name, text, path =>
                AssertFails(() => new ImageFileHasher().HashFile(path), ImageErrorKind.UnrecognizedFormat, "Not a recognised image"));
        }
    }

    [Fact]
    public void Recognised_but_unsupported_formats_are_unsupported_not_unrecognized()
    {
        AssertDecodeFails(BadImages.IcoWithPng(16), ImageErrorKind.UnsupportedFormat, "Ico", "not supported");
        AssertDecodeFails(BadImages.Wbmp(16, 16), ImageErrorKind.UnsupportedFormat, "Wbmp", "not supported");
    }

    // ---- truncated and corrupt --------------------------------------------------------------

    [Theory]
    [InlineData(0.30)]
    [InlineData(0.70)]
    public void Jpeg_cut_inside_its_scan_is_truncated(double fraction)
    {
        var cut = Bridge[..(int)(Bridge.Length * fraction)];
        Assert.True(cut.Length > BadImages.FindScanData(Bridge), "the cut must fall inside the entropy-coded data");

        AssertDecodeFails(cut, ImageErrorKind.Truncated, "Jpeg", "truncated");
        AssertFails(() => new ImageFileHasher().Hash(cut), ImageErrorKind.Truncated, "truncated");
    }

    [Fact]
    public void Jpeg_cut_just_after_its_scan_header_is_truncated()
    {
        var cut = Bridge[..(BadImages.FindScanData(Bridge) + 10)];

        AssertDecodeFails(cut, ImageErrorKind.Truncated, "Jpeg", "truncated");
    }

    [Fact]
    public void Jpeg_cut_inside_its_headers_is_truncated_not_unrecognized()
    {
        // A recognisable JPEG (SOI, APP0, APP1, DQT …) that ends before its frame and scan
        // headers. It is a truncated JPEG, and saying "the bytes match no supported format" to
        // whoever uploaded it is wrong.
        var cut = Bridge[..600];
        Assert.True(cut.Length < BadImages.FindScanData(Bridge));

        AssertDecodeFails(cut, ImageErrorKind.Truncated, "truncated");
    }

    [Fact]
    public void Png_cut_after_its_header_is_truncated_not_unrecognized()
    {
        // Signature and a valid IHDR (so width, height and format are known), then nothing.
        var png = BadImages.Png(20, 20);
        var cut = png[..33];

        AssertDecodeFails(cut, ImageErrorKind.Truncated, "truncated");
        AssertDecodeFails(BadImages.Png16(20, 20)[..33], ImageErrorKind.Truncated, "truncated");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Jpeg_with_garbage_in_its_entropy_data_decodes_or_fails_cleanly(int variant)
    {
        var damaged = (byte[])Bridge.Clone();
        var scan = BadImages.FindScanData(Bridge);
        switch (variant)
        {
            case 1:
                // 2 KB of a byte pattern in the middle of the file.
                for (var i = 0; i < 2000; i++)
                {
                    damaged[(Bridge.Length / 2) + i] = (byte)(i * 37);
                }

                break;
            case 2:
                // 50 KB of random bytes (markers included) right after the scan header.
                new Random(5).NextBytes(damaged.AsSpan(scan + 100, 50_000));
                break;
            default:
                // A stray end-of-image marker, then restart markers, a third of the way in.
                var at = scan + ((Bridge.Length - scan) / 3);
                ((ReadOnlySpan<byte>)[0xFF, 0xD9, 0xFF, 0xD0, 0xFF, 0xD7, 0xFF, 0xC0]).CopyTo(damaged.AsSpan(at));
                break;
        }

        Assert.NotEqual(Bridge, damaged);

        // libjpeg is tolerant and usually decodes damaged scans (with visible damage); either
        // outcome is fine, any exception but ImageDecodeException is not.
        var error = Record.Exception(() =>
        {
            using var image = _decoder.Decode(damaged);
            Assert.Equal(ImageFormat.Jpeg, image.Format);
            Assert.Equal((1600, 1004), (image.Width, image.Height));
        });
        if (error is not null)
        {
            var decodeError = Assert.IsType<ImageDecodeException>(error);
            Assert.False(string.IsNullOrWhiteSpace(decodeError.Message));
        }
    }

    [Fact]
    public void Png_with_bad_zlib_data_is_corrupt_or_truncated()
    {
        // The IDAT payload after the 2-byte zlib header is scrambled and its CRC recomputed, so
        // only the compressed data is wrong. Skia reports libpng's inflate error as incomplete
        // input (Truncated); either kind is acceptable, nothing else is.
        var png = BadImages.Png(20, 20);
        var (offset, length) = BadImages.FindChunk(png, "IDAT");
        for (var i = 2; i < length; i++)
        {
            png[offset + i] ^= 0x5A;
        }

        BadImages.FixCrc(png, offset, length);

        var error = AssertDecodeFails(png, expected: null, "Png");
        Assert.True(
            error.Kind is ImageErrorKind.Corrupt or ImageErrorKind.Truncated,
            $"bad zlib data gave {error.Kind}: {error.Message}");
    }

    [Fact]
    public void Png_with_a_bad_chunk_crc_is_corrupt()
    {
        var png = BadImages.Png(20, 20);
        var (offset, length) = BadImages.FindChunk(png, "IDAT");
        png[offset + length] ^= 0xFF; // first byte of the IDAT CRC

        AssertDecodeFails(png, ImageErrorKind.Corrupt, "Png", "corrupt");
    }

    [Fact]
    public void Png_cut_inside_its_image_data_is_truncated()
    {
        var png = BadImages.Png(20, 20);
        var (offset, length) = BadImages.FindChunk(png, "IDAT");

        AssertDecodeFails(png[..(offset + (length / 2))], ImageErrorKind.Truncated, "Png", "truncated");
    }

    [Fact]
    public void Sixteen_bit_png_cut_inside_its_idat_chunk_is_truncated()
    {
        var png = BadImages.Png16(20, 20);
        var (offset, length) = BadImages.FindChunk(png, "IDAT");
        using (var whole = _decoder.Decode(png))
        {
            Assert.Equal((20, 20), (whole.Width, whole.Height));
        }

        AssertDecodeFails(png[..(offset + (length / 2))], ImageErrorKind.Truncated, "Png", "truncated");
    }

    [Fact]
    public void Sixteen_bit_png_whose_zlib_stream_ends_early_is_truncated()
    {
        // Well-formed chunks, but the compressed data holds only 10 of the 20 rows.
        var png = BadImages.Png(20, 20, bitDepth: 16, colorType: 2, BadImages.Zlib(BadImages.Scanlines(20, 10, 6)));

        AssertDecodeFails(png, ImageErrorKind.Truncated, "Png", "truncated");
    }

    [Fact]
    public void Sixteen_bit_png_with_bad_zlib_data_or_filters_is_corrupt()
    {
        var png = BadImages.Png16(20, 20);
        var (offset, length) = BadImages.FindChunk(png, "IDAT");
        for (var i = 2; i < length; i++)
        {
            png[offset + i] ^= 0x5A;
        }

        BadImages.FixCrc(png, offset, length);
        AssertDecodeFails(png, ImageErrorKind.Corrupt, "Png", "corrupt");

        // Every row uses filter type 9 (there are five, 0–4).
        var rows = Enumerable.Repeat((byte)9, 20 * ((20 * 6) + 1)).ToArray();
        var badFilter = BadImages.Png(20, 20, bitDepth: 16, colorType: 2, BadImages.Zlib(rows));
        AssertDecodeFails(badFilter, ImageErrorKind.Corrupt, "filter type 9");
    }

    [Fact]
    public void Prefixes_and_mutations_of_every_fixture_fail_only_with_ImageDecodeException()
    {
        var outcomes = new Dictionary<string, int>();
        var formats = Path.Combine(TestData.Root, "formats");
        var files = Directory.GetFiles(formats).Where(f => Path.GetExtension(f) is ".png" or ".jpg" or ".gif" or ".webp" or ".bmp").ToList();
        Assert.True(files.Count >= 15, $"only {files.Count} fixtures in {formats}");

        foreach (var file in files)
        {
            var data = File.ReadAllBytes(file);
            var name = Path.GetFileName(file);
            var step = Math.Max(1, data.Length / 300);
            for (var length = 0; length < data.Length; length += step)
            {
                Attempt($"{name} cut to {length} bytes", data[..length]);
            }

            var random = new Random(name.Length * 7919);
            for (var k = 0; k < 300; k++)
            {
                var mutated = (byte[])data.Clone();
                for (var j = random.Next(1, 8); j > 0; j--)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }

                Attempt($"{name} mutation {k}", mutated);
            }
        }

        // The corpus must actually exercise the error paths (and some mutations still decode).
        foreach (var kind in new[] { "ok", nameof(ImageErrorKind.Truncated), nameof(ImageErrorKind.Corrupt), nameof(ImageErrorKind.UnrecognizedFormat) })
        {
            Assert.True(outcomes.GetValueOrDefault(kind) > 50, $"{kind}: {outcomes.GetValueOrDefault(kind)}");
        }

        void Attempt(string what, byte[] data)
        {
            string outcome;
            try
            {
                using var image = _decoder.Decode(data);
                Assert.Equal(image.Width * image.Height * 4, image.Pixels.Length);
                outcome = "ok";
            }
            catch (ImageDecodeException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{what}: {e.Kind} with an empty message");
                outcome = e.Kind.ToString();
            }
            catch (Exception e)
            {
                Assert.Fail($"{what}: {e.GetType().Name} escaped: {e}");
                throw;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
    }

    // ---- size limits --------------------------------------------------------------------------

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 4)]
    [InlineData(4, 100)]
    [InlineData(100, 4)]
    public void Images_under_5_by_5_are_too_small_to_hash(int width, int height)
    {
        var png = BadImages.Png(width, height);
        using (var decoded = _decoder.Decode(png))
        {
            // The decoder itself accepts them; only hashing has a minimum.
            Assert.Equal((width, height), (decoded.Width, decoded.Height));
        }

        AssertFails(() => new ImageFileHasher().Hash(png), ImageErrorKind.TooSmall, $"{width}×{height}", "5×5");
    }

    [Fact]
    public void Five_by_five_is_big_enough_to_hash()
    {
        var hashes = new ImageFileHasher().Hash(BadImages.Png(5, 5));

        Assert.Equal((5, 5), (hashes.Width, hashes.Height));
        Assert.Equal(ImageFormat.Png, hashes.Format);
    }

    public static TheoryData<string, int, int> HugeHeaders() => new()
    {
        { "png", 100_000, 100_000 },
        { "png16", 100_000, 100_000 },
        { "jpeg", 65_000, 65_000 },
        { "gif", 65_535, 65_535 },
    };

    [Theory]
    [MemberData(nameof(HugeHeaders))]
    public void Header_declaring_a_huge_image_is_refused_before_decoding(string kind, int width, int height)
    {
        var data = kind switch
        {
            // Valid signature and IHDR (correct CRC), then a tiny IDAT.
            "png" => BadImages.Png(width, height, bitDepth: 8, colorType: 2, BadImages.Zlib(new byte[100])),
            "png16" => BadImages.Png(width, height, bitDepth: 16, colorType: 6, BadImages.Zlib(new byte[100])),
            "jpeg" => BadImages.WithJpegDimensions(Bridge, width, height),
            _ => BadImages.Gif(width, height, 0, 0, width, height, completeData: false),
        };
        Assert.True(data.Length < 400_000);
        var expectedFormat = kind switch { "jpeg" => "Jpeg", "gif" => "Gif", _ => "Png" };

        // Refused before decoding: what it allocated to refuse it is no more than a header parse (no clock: a busy machine is slow).
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var error = AssertDecodeFails(data, ImageErrorKind.TooLarge, $"{width}×{height}", expectedFormat, "100,000,000");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.True(allocated < AllocationBudget, $"{kind}: {allocated:N0} bytes allocated to refuse it");
        Assert.Contains(((long)width * height).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), error.Message);

        // The hasher passes the same error through.
        AssertFails(() => new ImageFileHasher().Hash(data), ImageErrorKind.TooLarge, $"{width}×{height}");
    }

    [Fact]
    public void Custom_pixel_limit_refuses_the_bridge_photo_and_names_its_dimensions()
    {
        var limits = new ImageLimits { MaxPixels = 10_000 };

        AssertDecodeFails(new ImageDecoder(limits), Bridge, ImageErrorKind.TooLarge, "1600×1004", "1,606,400", "10,000");
        AssertFails(() => new ImageFileHasher(limits).Hash(Bridge), ImageErrorKind.TooLarge, "1600×1004");
    }

    [Fact]
    public void Pixel_limit_is_inclusive()
    {
        const int Pixels = 1600 * 1004;
        using (var image = new ImageDecoder(new ImageLimits { MaxPixels = Pixels }).Decode(Bridge))
        {
            Assert.Equal((1600, 1004), (image.Width, image.Height));
        }

        AssertDecodeFails(new ImageDecoder(new ImageLimits { MaxPixels = Pixels - 1 }), Bridge, ImageErrorKind.TooLarge, "1600×1004");
    }

    [Theory]
    [InlineData(24)]
    [InlineData(ImageLimits.MaxSupportedPixels + 1)]
    public void Out_of_range_pixel_limits_are_rejected(long maxPixels)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ImageDecoder(new ImageLimits { MaxPixels = maxPixels }));
        Assert.Equal(nameof(ImageLimits.MaxPixels), error.ParamName);
    }

    [Fact]
    public void File_over_the_byte_limit_is_refused_however_it_arrives()
    {
        var limits = new ImageLimits { MaxFileBytes = 1000 };
        var hasher = new ImageFileHasher(limits);
        string[] mention = ["1,000"];

        AssertFails(() => hasher.Hash(Bridge), ImageErrorKind.FileTooLarge, mention);
        AssertFails(() => hasher.Hash(new MemoryStream(Bridge)), ImageErrorKind.FileTooLarge, mention);
        AssertFails(() => hasher.Hash(new NonSeekableStream(Bridge)), ImageErrorKind.FileTooLarge, mention);
        AssertFails(() => hasher.HashFile(TestData.Pdq("pdq/data/reg-test-input/dih/bridge-1-original.jpg")), ImageErrorKind.FileTooLarge, mention);

        // One byte over.
        var png = BadImages.Png(8, 8);
        Assert.True(png.Length < 1000);
        var padded = png.Concat(new byte[1001 - png.Length]).ToArray();
        AssertFails(() => hasher.Hash(padded), ImageErrorKind.FileTooLarge, "1,001", "1,000");
    }

    [Fact]
    public void File_under_the_byte_limit_is_hashed_however_it_arrives()
    {
        var limits = new ImageLimits { MaxFileBytes = 1000 };
        var hasher = new ImageFileHasher(limits);
        var png = BadImages.Png(8, 8);
        Assert.True(png.Length < 1000);
        var expected = new ImageFileHasher().Hash(png);

        Assert.Equal(expected, hasher.Hash(png));
        Assert.Equal(expected, hasher.Hash(new MemoryStream(png)));

        // A stream that cannot report its length (a network body, a pipe) holding 100-odd bytes
        // is well under the 1,000-byte limit.
        Assert.Equal(expected, hasher.Hash(new NonSeekableStream(png)));
    }

    [Fact]
    public void Hasher_is_reusable_after_every_kind_of_error()
    {
        var hasher = new ImageFileHasher(new ImageLimits { MaxFileBytes = 100_000, MaxPixels = 1_000_000 });
        var good = BadImages.Png(32, 32);
        var expected = new ImageFileHasher().Hash(good);

        byte[][] bad =
        [
            [],
            "text"u8.ToArray(),
            BadImages.Png(2, 2),
            BadImages.Png(2000, 2000, bitDepth: 8, colorType: 2, BadImages.Zlib(new byte[10])),
            good[..60],
            Bridge,
        ];
        foreach (var data in bad)
        {
            Assert.Throws<ImageDecodeException>(() => hasher.Hash(data));
            Assert.Throws<ImageDecodeException>(() => hasher.Hash(new MemoryStream(data)));
            Assert.Equal(expected, hasher.Hash(good));
        }
    }

    // ---- deterministic output --------------------------------------------------------------

    [Fact]
    public void Gif_frame_smaller_than_its_screen_leaves_the_rest_transparent_whatever_was_in_the_pool()
    {
        // Decoded pixels live in pooled buffers; fill the pool with a marker first so that any
        // pixel the decoder does not write shows up.
        for (var k = 0; k < 4; k++)
        {
            var junk = System.Buffers.ArrayPool<byte>.Shared.Rent(40 * 40 * 4);
            junk.AsSpan().Fill(0xAB);
            System.Buffers.ArrayPool<byte>.Shared.Return(junk);
        }

        using var image = _decoder.Decode(BadImages.Gif(40, 40, left: 10, top: 10, frameWidth: 10, frameHeight: 10));

        Assert.Equal((40, 40), (image.Width, image.Height));
        var pixels = image.Pixels;
        for (var y = 0; y < 40; y++)
        {
            for (var x = 0; x < 40; x++)
            {
                var inside = x is >= 10 and < 20 && y is >= 10 and < 20;
                var expected = inside ? new byte[] { 255, 0, 0, 255 } : [0, 0, 0, 0];
                var actual = pixels.Slice(((y * 40) + x) * 4, 4).ToArray();
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"({x}, {y}): [{string.Join(", ", actual)}]");
            }
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private ImageDecodeException AssertDecodeFails(byte[] data, ImageErrorKind? expected, params string[] mentions) =>
        AssertDecodeFails(_decoder, data, expected, mentions);

    private static ImageDecodeException AssertDecodeFails(ImageDecoder decoder, byte[] data, ImageErrorKind? expected, params string[] mentions) =>
        AssertFails(
            () =>
            {
                using var image = decoder.Decode(data);
                return image.Width;
            },
            expected,
            mentions);

    /// <summary>
    /// Asserts that <paramref name="action"/> throws exactly <see cref="ImageDecodeException"/> (no
    /// other type) of the expected kind, with a message that contains each of <paramref name="mentions"/>.
    /// </summary>
    private static ImageDecodeException AssertFails<T>(Func<T> action, ImageErrorKind? expected, params string[] mentions)
    {
        var thrown = Record.Exception(() => action());
        Assert.NotNull(thrown);
        var error = Assert.IsType<ImageDecodeException>(thrown);
        if (expected is not null)
        {
            Assert.True(expected == error.Kind, $"expected {expected}, got {error.Kind}: {error.Message}");
        }

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, error.Message, StringComparison.OrdinalIgnoreCase);
        }

        return error;
    }

    private static void WithTempFile(string name, byte[] contents, Action<string> test)
    {
        var directory = Directory.CreateTempSubdirectory("aegis-bad-input-");
        try
        {
            var path = Path.Combine(directory.FullName, name);
            File.WriteAllBytes(path, contents);
            test(path);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>A read-only stream that cannot seek or report its length, like a network body.</summary>
    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, data.Length - _position);
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
