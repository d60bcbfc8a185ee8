using System.Security.Cryptography;
using System.Text;
using Aegis.Core.Content;
using Aegis.Core.Reports;
using Aegis.CyberTip.Evidence;
using Aegis.Fakes;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Previews;
using Aegis.Server.Evidence;
using Aegis.Server.Gate;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Evidence;

/// <summary>
/// The console's previews of vault items over a real store (SQLite: the vault's reads are tested on both stores): blurred
/// and grey by default, each decryption audited as the caller says, only blurred previews cached, a video as a strip.
/// </summary>
public sealed class EvidencePreviewsTests : IAsyncLifetime
{
    /// <summary>Banks match at 31 bits or fewer; the default preview of the bridge is measured at 66 (see the Hashing tests).</summary>
    private const int FarFromAnyMatch = 50;

    private static readonly byte[] Bridge = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "images", "bridge.jpg"));

    private readonly ManualClock _time = new(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.Zero));
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private readonly ServerOptions _options = new() { Console = new ConsoleOptions { FrameThumbnails = 4 } };
    private BankStore? _store;
    private EvidenceVault? _vault;
    private EvidencePreviews? _previews;

    public async Task InitializeAsync()
    {
        _store = await BankStore.OpenAsync(_database.Options, _time);
        var ring = new KeyRing(new Dictionary<string, byte[]> { ["k1"] = SHA256.HashData(Encoding.UTF8.GetBytes("previews test key")) }, "k1");
        _vault = new EvidenceVault(new EvidenceStore(_store, null), ring, _time);
        _previews = new EvidencePreviews(_vault, new MediaHasher(_options, _time), _options, _time);
    }

    public async Task DisposeAsync()
    {
        await _store!.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_default_preview_is_blurred_and_grey_and_its_read_is_audited_as_the_caller_says()
    {
        var id = await PreservedAsync(Bridge, "image/jpeg");

        var preview = await _previews!.PreviewAsync(id, "ana", default);

        Assert.Equal((id, MediaKind.Image, 640, 402), (preview.EvidenceId, preview.Kind, preview.Width, preview.Height));
        Assert.Equal(_options.Console.Preview, preview.Options);
        Assert.Empty(preview.Frames);
        using (var decoded = new ImageDecoder().Decode(preview.Jpeg.Span))
        {
            var pixels = decoded.Pixels;
            for (var i = 0; i < pixels.Length; i += 4)
            {
                Assert.True(pixels[i] == pixels[i + 1] && pixels[i + 1] == pixels[i + 2]);
            }
        }

        var hasher = new ImageFileHasher();
        Assert.True(hasher.Hash(Bridge).Pdq.Hash.DistanceTo(hasher.Hash(preview.Jpeg.Span).Pdq.Hash) >= FarFromAnyMatch);
        var viewed = Assert.Single(await ViewsAsync());
        Assert.Equal("ana", viewed.Actor);
        Assert.Contains("\"purpose\":\"preview\"", viewed.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reviewers_repeat_view_of_a_blurred_preview_is_served_from_memory_for_five_minutes()
    {
        var id = await PreservedAsync(Bridge, "image/jpeg");
        var first = await _previews!.PreviewAsync(id, "ana", default);

        var again = await _previews.PreviewAsync(id, "ana", default);
        Assert.Same(first, again);
        Assert.Single(await ViewsAsync());

        // Another reviewer's first view is a read of its own, audited under their name.
        await _previews.PreviewAsync(id, "ben", default);
        Assert.Equal(["ana", "ben"], (await ViewsAsync()).Select(v => v.Actor));

        // Other options are another preview.
        await _previews.PreviewAsync(id, _previews.Defaults with { Grayscale = false }, "ana", EvidencePreviews.PreviewPurpose, default);
        Assert.Equal(3, (await ViewsAsync()).Count);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.NotSame(first, await _previews.PreviewAsync(id, "ana", default));
        Assert.Equal(4, (await ViewsAsync()).Count);
    }

    [Fact]
    public async Task A_reveal_is_unblurred_audited_as_a_reveal_every_time_and_never_cached()
    {
        var id = await PreservedAsync(Bridge, "image/jpeg");

        var revealed = await _previews!.PreviewAsync(id, PreviewOptions.Revealed, "ana", EvidencePreviews.RevealPurpose, default);
        var again = await _previews.PreviewAsync(id, PreviewOptions.Revealed, "ana", EvidencePreviews.RevealPurpose, default);
        var frame = await _previews.FrameAsync(id, TimeSpan.Zero, PreviewOptions.Revealed, "ana", EvidencePreviews.RevealPurpose, default);

        Assert.NotSame(revealed, again);
        var hasher = new ImageFileHasher();
        Assert.True(hasher.Hash(Bridge).Pdq.Hash.DistanceTo(hasher.Hash(revealed.Jpeg.Span).Pdq.Hash) <= 16);
        Assert.Equal((640, 402), (frame.Width, frame.Height)); // an image's "frame" is its preview
        var views = await ViewsAsync();
        Assert.Equal(3, views.Count);
        Assert.All(views, v => Assert.Contains("\"purpose\":\"reveal\"", v.Data, StringComparison.Ordinal));

        using var original = await _previews.OriginalAsync(id, "ana", EvidencePreviews.RevealPurpose, default);
        Assert.Equal(Bridge, original.Bytes.ToArray());
        Assert.Equal(4, (await ViewsAsync()).Count);
    }

    [Fact]
    public async Task A_videos_preview_is_a_strip_of_blurred_frames_half_the_preview_size()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "video", "chair-19-sd-bar.mp4");
        var id = await PreservedAsync(await File.ReadAllBytesAsync(path), "video/mp4");

        var preview = await _previews!.PreviewAsync(id, "ana", default);

        Assert.Equal(MediaKind.Video, preview.Kind);
        Assert.Equal(_options.Console.FrameThumbnails, preview.Frames.Count);
        Assert.All(preview.Frames, f => Assert.Equal(320, Math.Max(f.Width, f.Height)));
        Assert.Equal((preview.Frames.Sum(f => f.Width), preview.Frames.Max(f => f.Height)), (preview.Width, preview.Height));
        Assert.True(preview.Duration > TimeSpan.FromSeconds(18));
        Assert.Equal(preview.Frames.OrderBy(f => f.At), preview.Frames);

        var frame = await _previews.FrameAsync(id, preview.Frames[1].At, PreviewOptions.Revealed, "ana", EvidencePreviews.RevealPurpose, default);
        Assert.Equal(640, Math.Max(frame.Width, frame.Height));
        Assert.Equal(2, (await ViewsAsync()).Count);
    }

    [Fact]
    public async Task An_item_that_is_not_media_is_a_clear_refusal_naming_it()
    {
        var id = await PreservedAsync("{\"messages\": [\"hello\"]}"u8.ToArray(), "application/json");

        var refused = await Assert.ThrowsAsync<GateException>(() => _previews!.PreviewAsync(id, "ana", default));

        Assert.Equal(415, refused.Status);
        Assert.Contains($"Evidence {id} (application/json) is not an image or a video", refused.Message, StringComparison.Ordinal);
        var damaged = await PreservedAsync(Bridge[..(Bridge.Length / 2)], "image/jpeg");
        Assert.Equal(422, (await Assert.ThrowsAsync<GateException>(() => _previews!.PreviewAsync(damaged, "ana", default))).Status);
        var missing = await Assert.ThrowsAsync<BankStoreException>(() => _previews!.PreviewAsync(999_999, "ana", default));
        Assert.Equal(BankStoreError.NotFound, missing.Error);
    }

    /// <summary>A case opened by a report, and its item preserved with <paramref name="bytes"/>; the item's vault id.</summary>
    private async Task<long> PreservedAsync(byte[] bytes, string mediaType)
    {
        var contentId = "preview-" + Guid.NewGuid().ToString("N")[..12];
        var report = new ReportIntake([contentId], ReportCategory.ChildSexualExploitation, ReportSource.User, false, null, "reporter-1", "a report");
        var caseId = (await new CaseStore(_store!).ReportAsync(report, "platform"))[0].CaseId!.Value;
        var (item, _) = await _vault!.UploadAsync(caseId, contentId, (byte[])bytes.Clone(), mediaType, EvidenceExtras.None, "platform", default);
        return item.Id;
    }

    private async Task<List<AuditEntry>> ViewsAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in new AuditLog(_store!).ReadAsync())
        {
            if (entry.Action == "evidence.viewed")
            {
                entries.Add(entry);
            }
        }

        return entries;
    }
}
