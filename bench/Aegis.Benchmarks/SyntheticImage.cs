namespace Aegis.Benchmarks;

/// <summary>Deterministic benign test pictures: smooth gradients with some texture (no real content).</summary>
internal static class SyntheticImage
{
    public static byte[] Rgba(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height * 4];
        double fx = 3 + random.NextDouble() * 9, fy = 2 + random.NextDouble() * 7, phase = random.NextDouble() * 6;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var u = (double)x / width;
                var v = (double)y / height;
                var i = ((y * width) + x) * 4;
                pixels[i] = (byte)(127 + (120 * Math.Sin((fx * u) + phase)));
                pixels[i + 1] = (byte)(127 + (120 * Math.Cos((fy * v) - phase)));
                pixels[i + 2] = (byte)(127 + (120 * Math.Sin((fx * u * v) + (fy * v))));
                pixels[i + 3] = 255;
            }
        }

        return pixels;
    }
}
