using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Aegis.Tests;

namespace Aegis.Server.Tests;

/// <summary>
/// Issue 13: videos at the gate, through a real <c>aegis serve</c> whose ffmpeg and ffprobe are wrappers that log every
/// start and then run the real programs, so "no ffmpeg was started" is something a test can see fail. A known video is
/// blocked by its digest alone; a still of a banked video is blocked as an image; a banked picture is found among a
/// video's frames. Benign stand-ins only: the reference's chair clip and a frame of it.
/// </summary>
public sealed class VideoGateTests : IAsyncLifetime
{
    /// <summary>The still taken from the chair clip (30 fps, hashed at one frame a second): its 6th hashed frame, at 5 s.</summary>
    private const int StillFrame = 150;

    private const double StillSeconds = 5.0;

    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private readonly DirectoryInfo _tools = Directory.CreateTempSubdirectory("aegis-ffmpeg-wrappers-");
    private ServerProcess? _server;
    private string _platform = "";
    private string _curator = "";
    private string _reviewer = "";

    private string StartsLog => Path.Combine(_tools.FullName, "starts.log");

    private ServerProcess Server => _server!;

    public async Task InitializeAsync()
    {
        await using (var store = await BankStore.OpenAsync(_database.Options))
        {
            var keys = new ApiKeyStore(store);
            _platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
            _curator = (await keys.CreateAsync("curator", ApiKeyRole.Curator)).Secret;
            _reviewer = (await keys.CreateAsync("reviewer", ApiKeyRole.Reviewer)).Secret;
        }

        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            var wrapper = Path.Combine(_tools.FullName, tool);
            await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\necho \"{tool} $*\" >> '{StartsLog}'\nexec '{OnPath(tool)}' \"$@\"\n");
            Assert.Equal(0, (await ChildProcess.RunAsync("chmod", ["u+x", wrapper])).ExitCode);
        }

        _server = await ServerProcess.StartAsync(_database.Options, new Dictionary<string, string>
        {
            ["PATH"] = _tools.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _database.DisposeAsync();
        _tools.Delete(recursive: true);
    }

    [Fact]
    public async Task A_known_video_is_blocked_by_its_digest_without_starting_ffmpeg_and_held_or_benign_ones_are_still_hashed()
    {
        var video = await File.ReadAllBytesAsync(Support.Api.Chair);
        var md5 = Convert.ToHexStringLower(MD5.HashData(video));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(video));

        // Given its SHA-256 in a hold bank: held, and decoded all the same (the record gets its vPDQ), ffmpeg started
        var hold = await CreateBankAsync("hold", new { action = "hold" });
        await AddEntryAsync(hold, "sha256", sha256);
        var held = await UploadAsync(video, "held");
        Assert.Equal("hold", (string)held["verdict"]!);
        Assert.Equal(19, (int)held["hashes"]!["vpdq_frames"]!);
        Assert.Contains(Starts(), line => line.StartsWith("ffmpeg ", StringComparison.Ordinal));

        // When its MD5 is also in a block bank and it is uploaded again
        var block = await CreateBankAsync("block");
        var entry = await AddEntryAsync(block, "md5", md5);
        File.Delete(StartsLog);
        var blocked = await UploadAsync(video, "blocked");

        // Then it is blocked with its digests, no vPDQ, a note saying why, and neither ffmpeg nor ffprobe ran
        Assert.Empty(Starts());
        Assert.Equal(("block", "video", true), ((string)blocked["verdict"]!, (string)blocked["kind"]!, (bool)blocked["recorded"]!));
        Assert.Contains(blocked["matches"]!.AsArray(), m => (long)m!["entry_id"]! == entry && (string)m["signal_type"]! == "md5");
        Assert.Equal((md5, sha256), ((string)blocked["hashes"]!["md5"]!, (string)blocked["hashes"]!["sha256"]!));
        Assert.Null(blocked["hashes"]!["vpdq"]);
        Assert.Contains("not decoded", (string)blocked["hashes"]!["vpdq_skipped"]!);
        var recorded = await (await Client(_platform).GetAsync($"/v1/contents/{(string)blocked["content_id"]!}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("block", md5), ((string)recorded["verdict"]!, (string)recorded["md5"]!));

        // And when a negative bank knows the file, the digest no longer blocks: it is decoded and allowed, the block cancelled
        var benign = await CreateBankAsync("benign", new { kind = "negative" });
        await AddEntryAsync(benign, "sha256", sha256);
        File.Delete(StartsLog);
        var known = await UploadAsync(video, "benign");
        Assert.Equal("allow", (string)known["verdict"]!);
        Assert.Contains(known["suppressed"]!.AsArray(), m => (long)m!["entry_id"]! == entry);
        Assert.NotNull(known["hashes"]!["vpdq"]);
        Assert.Contains(Starts(), line => line.StartsWith("ffmpeg ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_still_of_a_banked_video_is_blocked_as_an_image_and_a_banked_picture_is_found_among_a_videos_frames()
    {
        var video = await File.ReadAllBytesAsync(Support.Api.Chair);
        var still = await StillAsync();
        var signal = (string)(await UploadAsync(video, "original"))["hashes"]!["vpdq"]!;

        // Given the video banked by its vPDQ: its still, uploaded as an image, matches the video's 6th hashed frame at 5 s
        var videos = await CreateBankAsync("videos");
        var videoEntry = await AddEntryAsync(videos, "vpdq", signal);
        var image = await UploadAsync(still, "still");
        var pdq = (string)image["hashes"]!["pdq"]!;
        Assert.Equal(("image", "block"), ((string)image["kind"]!, (string)image["verdict"]!));
        AssertFrameMatch(image, videos, videoEntry, "vpdq", frame: 5, StillSeconds);
        await AssertCaseFrameAsync(image, videos, videoEntry, frame: 5, StillSeconds);
        var byPdq = await LookupAsync(new { pdq });
        AssertFrameMatch(byPdq, videos, videoEntry, "vpdq", frame: 5, StillSeconds);

        // Given the still banked as a picture: the video, uploaded again, holds it at decoded frame 150 (5 s)
        var pictures = await CreateBankAsync("pictures");
        var pictureEntry = await AddEntryAsync(pictures, "pdq", pdq);
        var again = await UploadAsync(video, "again");
        Assert.Equal("block", (string)again["verdict"]!);
        AssertFrameMatch(again, pictures, pictureEntry, "pdq", StillFrame, StillSeconds);
        var bySignal = await LookupAsync(new { vpdq = signal });
        AssertFrameMatch(bySignal, pictures, pictureEntry, "pdq", frame: 5, StillSeconds);

        // And once the whole video's entry no longer blocks (it was the decisive match, at distance 0), the picture's match
        // decides: the case the gate opens keeps the decoded frame 150 (5 s)
        using (var curator = Client(_curator))
        {
            using var disable = new StringContent("""{"enabled":false}""", System.Text.Encoding.UTF8, "application/json");
            await (await curator.PatchAsync($"/v1/banks/{videos}/entries/{videoEntry}", disable)).JsonAsync(HttpStatusCode.OK);
        }

        await AssertCaseFrameAsync(await UploadAsync(video, "third"), pictures, pictureEntry, StillFrame, StillSeconds);
    }

    private static void AssertFrameMatch(JsonNode answer, string bank, long entry, string signalType, int frame, double seconds)
    {
        var match = Assert.Single(answer["matches"]!.AsArray(), m => (string)m!["bank"]! == bank)!;
        Assert.Equal((entry, signalType, "block"), ((long)match["entry_id"]!, (string)match["signal_type"]!, (string)match["action"]!));
        Assert.Equal(frame, (int)match["frame"]!);
        Assert.Equal(seconds, (double)match["frame_seconds"]!, 3);
        Assert.InRange((int)match["distance"]!, 0, 31);
    }

    /// <summary>The case the gate opened keeps the frame its match was on, and its dossier shows it.</summary>
    private async Task AssertCaseFrameAsync(JsonNode answer, string bank, long entry, int frame, double seconds)
    {
        using var reviewer = Client(_reviewer);
        var caseId = (long)answer["case_id"]!;
        var match = (await (await reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK))["match"]!;
        Assert.Equal((bank, entry, frame), ((string)match["bank"]!, (long)match["entry_id"]!, (int)match["frame"]!));
        Assert.Equal(seconds, (double)match["frame_seconds"]!, 3);
        var shown = Assert.Single((await (await reviewer.GetAsync($"/v1/cases/{caseId}/dossier")).JsonAsync(HttpStatusCode.OK))["matches"]!.AsArray())!;
        Assert.Equal((entry, true, frame), ((long)shown["entry_id"]!, (bool)shown["at_gate"]!, (int)shown["frame"]!));
    }

    /// <summary>Frame <see cref="StillFrame"/> of the chair clip as a PNG, taken by ffmpeg (every frame counted, as vPDQ counts them).</summary>
    private async Task<byte[]> StillAsync()
    {
        var png = Path.Combine(_tools.FullName, "still.png");
        var ffmpeg = await ChildProcess.RunAsync(OnPath("ffmpeg"),
        [
            "-nostdin", "-v", "error", "-y", "-noautorotate", "-i", Support.Api.Chair, "-map", "0:v:0", "-fps_mode", "passthrough",
            "-vf", $"select=eq(n\\,{StillFrame})", "-frames:v", "1", "-pix_fmt", "rgb24", png,
        ]);
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.Error);
        return await File.ReadAllBytesAsync(png);
    }

    private string[] Starts() => File.Exists(StartsLog) ? File.ReadAllLines(StartsLog) : [];

    private HttpClient Client(string key) => Server.Client(key);

    private async Task<string> CreateBankAsync(string prefix, object? settings = null)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(settings ?? new { }))!.AsObject();
        body["name"] = name;
        using var curator = Client(_curator);
        await (await curator.PostJsonAsync("/v1/banks", body)).JsonAsync(HttpStatusCode.Created);
        return name;
    }

    private async Task<long> AddEntryAsync(string bank, string type, string value)
    {
        using var curator = Client(_curator);
        return (long)(await (await curator.PostJsonAsync($"/v1/banks/{bank}/entries", new { signal_type = type, value })).JsonAsync(HttpStatusCode.Created))["id"]!;
    }

    private async Task<JsonNode> UploadAsync(byte[] bytes, string prefix)
    {
        using var platform = Client(_platform);
        var id = $"{prefix}-{Guid.NewGuid():N}";
        return await (await platform.PostBytesAsync($"/v1/media?content_id={id}", bytes)).JsonAsync(HttpStatusCode.OK);
    }

    private async Task<JsonNode> LookupAsync(object body)
    {
        using var platform = Client(_platform);
        return await (await platform.PostJsonAsync("/v1/lookup", body)).JsonAsync(HttpStatusCode.OK);
    }

    private static string OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException($"{program} is not on PATH (Debian: apt-get install ffmpeg).");
}
