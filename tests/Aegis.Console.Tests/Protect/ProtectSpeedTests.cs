using System.Globalization;
using System.Text;
using System.Text.Json;
using Aegis.Console.Tests.Support;
using Aegis.Hashing.Pdq;
using Xunit.Abstractions;

namespace Aegis.Console.Tests.Protect;

/// <summary>
/// A 12-megapixel photo hashed by the page's own worker in chromium, as the page does it (decode, pixels, PDQ; digests
/// apart): the hash agrees with Aegis's, and the time each step took is written out. A measurement, not an assertion
/// on speed: <c>AEGIS_PROTECT_BENCH_RUNS=7</c> makes it the benchmark of bench/RESULTS.md ("In-browser PDQ").
/// </summary>
public sealed class ProtectSpeedTests(ConsoleFixture fixture, ITestOutputHelper output) : IClassFixture<ConsoleFixture>
{
    /// <summary>Hashes the page's worker computes for the 12 MP photo, timed in the page (milliseconds, performance.now()).</summary>
    private const string MeasureScript = """
        async (runs) => {
            const file = document.getElementById("bench").files[0];
            const worker = new Worker("/protect/assets/worker.js", { type: "module" });
            let id = 0;
            const ask = (message) => new Promise((resolve, reject) => {
                const mine = ++id;
                const listen = (event) => {
                    if (event.data.id !== mine || event.data.progress) return;
                    worker.removeEventListener("message", listen);
                    event.data.error ? reject(new Error(event.data.error)) : resolve(event.data.result);
                };
                worker.addEventListener("message", listen);
                worker.postMessage({ id: mine, ...message });
            });
            const results = [];
            for (let run = 0; run <= runs; run++) {
                const start = performance.now();
                const image = await ask({ op: "image", file });
                const imageMs = performance.now() - start;
                const digestStart = performance.now();
                const digests = await ask({ op: "digests", file });
                results.push({ hash: image.hash, quality: image.quality, width: image.width, height: image.height,
                    total: imageMs, decode: image.timings.decode, pixels: image.timings.pixels, pdq: image.timings.pdq,
                    digests: performance.now() - digestStart, sha256: digests.sha256 });
            }
            worker.terminate();
            return JSON.stringify(results);
        }
        """;

    [Fact]
    public async Task A_12_megapixel_photo_is_hashed_in_the_pages_worker_as_Aegis_hashes_it_and_the_time_is_written()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("AEGIS_PROTECT_BENCH_RUNS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var dir = Directory.CreateTempSubdirectory("aegis-protect-12mp-");
        try
        {
            // Given a benign 4000×3000 stand-in photo (noise over gradients), a JPEG of quality 90.
            using var bitmap = Pictures.Noisy(4000, 3000, seed: 17);
            var jpeg = Pictures.Jpeg(bitmap, 90);
            var path = Path.Combine(dir.FullName, "photo-12mp.jpg");
            await File.WriteAllBytesAsync(path, jpeg);
            var aegis = ProtectVectors.Aegis(jpeg);
            var page = await fixture.NewPageAsync();
            await page.GotoAsync("/protect");
            await page.EvaluateAsync("() => { const input = document.createElement('input'); input.type = 'file'; input.id = 'bench'; document.body.append(input); }");
            await page.Locator("#bench").SetInputFilesAsync(path);

            var json = await page.EvaluateAsync<string>(MeasureScript, runs);

            var results = JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
            Assert.Equal(runs + 1, results.Count);
            Assert.All(results, r =>
            {
                Assert.Equal(4000, r.GetProperty("width").GetInt32());
                Assert.Equal(3000, r.GetProperty("height").GetInt32());
                Assert.Equal(ProtectVectors.Digests(path).Sha256, r.GetProperty("sha256").GetString());
                Assert.True(PdqHash.Parse(r.GetProperty("hash").GetString()).DistanceTo(aegis.Hash) <= ProtectHashingTests.JpegTolerance);
            });
            var warm = results.Skip(1).ToList();
            double Median(string key) => warm.Select(r => r.GetProperty(key).GetDouble()).Order().ElementAt(warm.Count / 2);
            double Min(string key) => warm.Min(r => r.GetProperty(key).GetDouble());
            double Max(string key) => warm.Max(r => r.GetProperty(key).GetDouble());
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"chromium {fixture.Browser.Version}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, 4000x3000 JPEG q90 ({jpeg.Length} bytes), {runs} runs after a cold one; distance to Aegis {PdqHash.Parse(results[0].GetProperty("hash").GetString()).DistanceTo(aegis.Hash)}");
            report.AppendLine(CultureInfo.InvariantCulture, $"cold: total {results[0].GetProperty("total").GetDouble():F0} ms (decode {results[0].GetProperty("decode").GetDouble():F0}, pixels {results[0].GetProperty("pixels").GetDouble():F0}, pdq {results[0].GetProperty("pdq").GetDouble():F0}), digests {results[0].GetProperty("digests").GetDouble():F0} ms");
            foreach (var key in new[] { "total", "decode", "pixels", "pdq", "digests" })
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"{key}: median {Median(key):F0} ms, min {Min(key):F0}, max {Max(key):F0}");
            }

            output.WriteLine(report.ToString());
            Directory.CreateDirectory(Screenshots.Folder);
            await File.WriteAllTextAsync(Path.Combine(Screenshots.Folder, "..", "protect-bench.txt"), report.ToString());
            await page.Context.CloseAsync();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
