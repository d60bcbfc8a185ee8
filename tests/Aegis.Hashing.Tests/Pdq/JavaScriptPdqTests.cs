using System.Security.Cryptography;
using System.Text.Json;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Tests.Support;

namespace Aegis.Hashing.Tests.Pdq;

/// <summary>
/// The in-browser PDQ (src/Aegis.Server/Pages/Assets/protect/pdq.js) is bit-exact with this PdqHasher. Node cannot decode
/// JPEG or PNG, so this decodes every reference image with Aegis's own decoder, writes the raw RGBA with the C# hash
/// and quality (and synthetic edge cases, and files for the MD5/SHA-256 check) to a folder, and runs the node tests
/// in tests/js on it. Left out of test.sh's SIMD-off re-runs: the C# side of it is proved by the other PDQ tests there.
/// </summary>
public sealed class JavaScriptPdqTests : IDisposable
{
    /// <summary>The environment variable tests/js/vectors.mjs reads the folder from.</summary>
    private const string VectorsVariable = "AEGIS_PDQ_VECTORS";

    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    /// <summary>Synthetic images: too small (zero hash), the smallest hashed, the unblurred 64×64, window edges, long and thin, flat.</summary>
    private static readonly (int Width, int Height, Pattern Pattern)[] Synthetic =
    [
        (4, 4, Pattern.Noise), (4, 90, Pattern.Noise), (5, 5, Pattern.Noise), (5, 300, Pattern.Gradient), (7, 13, Pattern.Noise),
        (64, 64, Pattern.Noise), (64, 64, Pattern.Gradient), (63, 65, Pattern.Noise), (65, 64, Pattern.Gradient),
        (100, 37, Pattern.Noise), (128, 129, Pattern.Noise), (255, 257, Pattern.Gradient), (333, 500, Pattern.Noise),
        (640, 480, Pattern.Gradient), (1023, 17, Pattern.Noise), (1000, 999, Pattern.Noise), (2000, 1500, Pattern.Gradient),
        (300, 200, Pattern.Flat),
    ];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("aegis-jspdq-");

    private enum Pattern
    {
        Noise,
        Gradient,
        Flat,
    }

    [Fact]
    public async Task Node_tests_pass_on_the_pixels_and_hashes_of_aegis()
    {
        // Given every reference image decoded by Aegis's decoder and the synthetic images, with the C# hash of each
        var vectors = new List<object>();
        var decoder = new ImageDecoder();
        var hasher = new PdqHasher();
        var images = Directory.EnumerateFiles(TestData.Pdq(""), "*", SearchOption.AllDirectories)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal);
        foreach (var path in images)
        {
            using var image = decoder.Decode(File.ReadAllBytes(path));
            var name = Path.GetRelativePath(TestData.Pdq(""), path).Replace('\\', '/');
            vectors.Add(Write(vectors.Count, name, image.Pixels, image.Width, image.Height, hasher));
        }

        foreach (var (width, height, pattern) in Synthetic)
        {
            var pixels = Pixels(width, height, pattern, seed: (width * 31) + height);
            vectors.Add(Write(vectors.Count, $"synthetic/{pattern}-{width}x{height}".ToLowerInvariant(), pixels, width, height, hasher));
        }

        // and a file of several 1 MiB chunks with .NET's MD5 and SHA-256
        var bytes = new byte[(3 << 20) + 12_345];
        new Random(17).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(_folder.FullName, "digest-0.bin"), bytes);
        var digests = new[] { new { file = "digest-0.bin", md5 = Convert.ToHexStringLower(MD5.HashData(bytes)), sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) } };

        var manifest = new { dctMatrixBits = PdqDct.Matrix.Select(BitConverter.SingleToUInt32Bits), vectors, digests };
        File.WriteAllText(Path.Combine(_folder.FullName, "manifest.json"), JsonSerializer.Serialize(manifest));

        // When node runs the JavaScript tests on them
        var root = RepositoryRoot();
        var tests = Directory.GetFiles(Path.Combine(root, "tests", "js"), "*.test.mjs").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(tests);
        var node = await ChildProcess.RunAsync("env", [$"{VectorsVariable}={_folder.FullName}", Node(), "--test", "--test-reporter=tap", .. tests]);

        // Then every test passed and none was skipped
        var output = $"{node.Output}\n{node.Error}";
        Assert.True(node.ExitCode == 0, $"node --test exited with {node.ExitCode}:\n{output}");
        Assert.DoesNotContain("# SKIP", output, StringComparison.Ordinal);
        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private object Write(int index, string name, ReadOnlySpan<byte> pixels, int width, int height, PdqHasher hasher)
    {
        var file = $"v{index}.rgba";
        File.WriteAllBytes(Path.Combine(_folder.FullName, file), pixels.ToArray());
        var result = hasher.Hash(pixels, width, height);
        return new { name, width, height, rgba = file, hash = result.Hash.ToString(), quality = result.Quality };
    }

    /// <summary>Benign RGBA test pixels: seeded noise, smooth gradients with a few random bands, or one flat grey; alpha random.</summary>
    private static byte[] Pixels(int width, int height, Pattern pattern, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        random.NextBytes(pixels);
        if (pattern == Pattern.Noise)
        {
            return pixels;
        }

        var bands = random.Next(2, 9);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((y * width) + x) * 4;
                pixels[p] = pattern == Pattern.Flat ? (byte)128 : (byte)(x * 255 / width);
                pixels[p + 1] = pattern == Pattern.Flat ? (byte)128 : (byte)(((x * bands / width) + (y * bands / height)) % 2 == 0 ? 60 : 190);
                pixels[p + 2] = pattern == Pattern.Flat ? (byte)128 : (byte)(y * 255 / height);
            }
        }

        return pixels;
    }

    /// <summary>node on PATH; a clear failure saying how to get it when it is not.</summary>
    private static string Node() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => new[] { Path.Combine(directory, "node"), Path.Combine(directory, "nodejs") })
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "node is not on PATH: the in-browser PDQ is tested with node's test runner. Install Debian's nodejs (apt-get install nodejs; test.sh does).");

    /// <summary>The folder holding <c>Aegis.slnx</c>, above the test binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aegis.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Aegis.slnx above {AppContext.BaseDirectory}: the JavaScript tests are read from the repository.");
    }
}
