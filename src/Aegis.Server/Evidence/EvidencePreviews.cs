using Aegis.Core.Content;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Memory;
using Aegis.Hashing.Previews;
using Aegis.Hashing.Video;
using Aegis.Server.Gate;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Evidence;

/// <summary>
/// The review console's view of evidence: an item is read through the <see cref="EvidenceVault"/> (decrypted, checked,
/// and audited as <c>evidence.viewed</c> with the caller's actor and purpose: this service writes no audit entry of its
/// own) and drawn on the server as a blurred, grey JPEG (an image) or a strip of blurred frame thumbnails (a video), so
/// the browser never receives the original unless a reviewer reveals it (<see cref="FrameAsync"/> and
/// <see cref="OriginalAsync"/> with a purpose that says so). Whether the caller may see the item at all is the caller's
/// to decide, on every request. Nothing unblurred is kept: the decrypted bytes and decoded pixels are zeroed once drawn,
/// a video is handed to ffmpeg through an anonymous memory file, and only blurred previews are cached
/// (<see cref="PreviewCache"/>: a reviewer's repeat view of the same preview within five minutes is not decrypted, so not
/// audited, again). Image decoding reserves its memory from the node's <see cref="DecodeBudget"/>. Thread-safe.
/// </summary>
internal sealed class EvidencePreviews
{
    /// <summary>What reading an item to draw a blurred preview is audited as.</summary>
    public const string PreviewPurpose = "preview";

    /// <summary>What a reviewer's deliberate reveal (an unblurred frame, the original for playback) is audited as.</summary>
    public const string RevealPurpose = "reveal";

    /// <summary>The cache's size: about 500 image previews or 250 video strips at the defaults.</summary>
    private const long CacheBytes = 32L * 1024 * 1024;

    /// <summary>How long a cached preview is served: short, so that an item purged or put out of reach meanwhile is not previewed for long.</summary>
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(5);

    private readonly EvidenceVault _vault;
    private readonly ConsoleOptions _console;
    private readonly DecodeBudget _budget;
    private readonly PreviewRenderer _images;
    private readonly VideoPreviewer _videos;
    private readonly PreviewCache _cache;

    public EvidencePreviews(EvidenceVault vault, MediaHasher hasher, ServerOptions options, TimeProvider time)
    {
        _vault = vault;
        _console = options.Console;
        _budget = hasher.Budget;
        var limits = new ImageLimits { MaxPixels = options.MaxImagePixels, MaxFileBytes = Math.Min(Array.MaxLength, Math.Max(options.MaxRequestBytes, options.Evidence.MaxBytes)) };
        _images = new PreviewRenderer(limits);
        _videos = new VideoPreviewer(
            new VideoOptions { MaxDuration = TimeSpan.FromSeconds(options.MaxVideoSeconds), Timeout = TimeSpan.FromSeconds(options.VideoTimeoutSeconds) },
            limits);
        _cache = new PreviewCache(CacheBytes, CacheLifetime, time);
    }

    /// <summary>The organisation's default preview (<c>Console:*</c>): blurred, grey unless set otherwise.</summary>
    public PreviewOptions Defaults => _console.Preview;

    /// <summary>Frames in a video's strip (<c>Console:FrameThumbnails</c>).</summary>
    public int FrameThumbnails => _console.FrameThumbnails;

    /// <summary>Videos play muted unless a reviewer says otherwise (<c>Console:Mute</c>).</summary>
    public bool Mute => _console.Mute;

    /// <summary>The organisation's default preview of an item, its read audited with <see cref="PreviewPurpose"/>.</summary>
    /// <inheritdoc cref="PreviewAsync(long, PreviewOptions, string, string, CancellationToken)" path="/exception"/>
    public Task<EvidencePreview> PreviewAsync(long evidenceId, string actor, CancellationToken cancellationToken) =>
        PreviewAsync(evidenceId, Defaults, actor, PreviewPurpose, cancellationToken);

    /// <summary>
    /// An item's preview drawn as <paramref name="options"/> say: an image fitted into
    /// <see cref="PreviewOptions.MaxLongSide"/>; a video as a strip of <see cref="FrameThumbnails"/> frames, each half that
    /// size. The read is audited with <paramref name="actor"/> and <paramref name="purpose"/> (not when a blurred preview
    /// comes from the cache).
    /// </summary>
    /// <exception cref="GateException">The item is not an image or video that can be previewed (415, 413, 422), or ffmpeg is missing (503).</exception>
    /// <exception cref="Storage.BankStoreException">No such item, or it is not preserved.</exception>
    /// <exception cref="Aegis.CyberTip.Evidence.EvidenceIntegrityException">The stored item was altered (audited by the vault).</exception>
    /// <exception cref="DecodeBudgetException">Decoding it needs more memory than the node has free.</exception>
    public async Task<EvidencePreview> PreviewAsync(long evidenceId, PreviewOptions options, string actor, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var key = new PreviewKey(evidenceId, actor, purpose, options, FrameThumbnails);
        if (_cache.TryGet(key, out var cached))
        {
            return cached;
        }

        using var content = await _vault.ReadAsync(evidenceId, actor, purpose, cancellationToken);
        var preview = await RenderAsync(content, options, cancellationToken);
        _cache.Add(key, preview);
        return preview;
    }

    /// <summary>
    /// A video's frame at <paramref name="at"/> drawn as <paramref name="options"/> say (<see cref="PreviewOptions.Revealed"/>
    /// after a reveal); an image's preview, whatever <paramref name="at"/>. Audited as the caller says; never cached.
    /// </summary>
    /// <inheritdoc cref="PreviewAsync(long, PreviewOptions, string, string, CancellationToken)" path="/exception"/>
    public async Task<ImagePreview> FrameAsync(long evidenceId, TimeSpan at, PreviewOptions options, string actor, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var content = await _vault.ReadAsync(evidenceId, actor, purpose, cancellationToken);
        try
        {
            return IsVideo(content.Bytes.Span)
                ? await _videos.FrameAsync(content.Bytes, at, options, cancellationToken)
                : await RenderImageAsync(content.Bytes, options, cancellationToken);
        }
        catch (ImageDecodeException e)
        {
            throw Refused(content, e);
        }
        catch (VideoHashException e)
        {
            throw Refused(content, e);
        }
    }

    /// <summary>
    /// The original bytes (for playback after a reveal), read and audited by the vault with <paramref name="actor"/> and
    /// <paramref name="purpose"/>. The caller sends them with <c>Cache-Control: no-store</c> and disposes the result
    /// (which zeroes them).
    /// </summary>
    /// <inheritdoc cref="EvidenceVault.ReadAsync" path="/exception"/>
    public Task<EvidenceContent> OriginalAsync(long evidenceId, string actor, string purpose, CancellationToken cancellationToken) =>
        _vault.ReadAsync(evidenceId, actor, purpose, cancellationToken);

    private async Task<EvidencePreview> RenderAsync(EvidenceContent content, PreviewOptions options, CancellationToken cancellationToken)
    {
        var id = content.Item.Id;
        try
        {
            if (IsVideo(content.Bytes.Span))
            {
                var frameOptions = options with { MaxLongSide = Math.Max(PreviewOptions.MinLongSide, options.MaxLongSide / 2) };
                var strip = await _videos.StripAsync(content.Bytes, frameOptions, FrameThumbnails, cancellationToken);
                return new EvidencePreview(id, MediaKind.Video, strip.Jpeg, strip.Width, strip.Height, strip.Frames, strip.Video.Duration, options);
            }

            var image = await RenderImageAsync(content.Bytes, options, cancellationToken);
            return new EvidencePreview(id, MediaKind.Image, image.Jpeg, image.Width, image.Height, [], null, options);
        }
        catch (ImageDecodeException e)
        {
            throw Refused(content, e);
        }
        catch (VideoHashException e)
        {
            throw Refused(content, e);
        }
    }

    private async Task<ImagePreview> RenderImageAsync(ReadOnlyMemory<byte> bytes, PreviewOptions options, CancellationToken cancellationToken)
    {
        using var lease = await _budget.ReserveAsync(_images.MemoryNeeded(bytes.Span, options), cancellationToken);
        return _images.Render(bytes.Span, options);
    }

    private static bool IsVideo(ReadOnlySpan<byte> bytes) => VideoSniffer.LooksLikeVideo(bytes[..Math.Min(bytes.Length, VideoSniffer.HeaderLength)]);

    private static GateException Refused(EvidenceContent content, ImageDecodeException e) => new(
        e.Kind switch
        {
            ImageErrorKind.UnrecognizedFormat or ImageErrorKind.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
            ImageErrorKind.TooLarge or ImageErrorKind.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        "Preview unavailable",
        e.Kind is ImageErrorKind.UnrecognizedFormat or ImageErrorKind.UnsupportedFormat
            ? $"Evidence {content.Item.Id} ({content.Metadata.MediaType}) is not an image or a video that can be previewed: {e.Message}"
            : $"Evidence {content.Item.Id} cannot be previewed: {e.Message}");

    private static GateException Refused(EvidenceContent content, VideoHashException e) => new(
        e.Kind switch
        {
            VideoErrorKind.FfmpegMissing or VideoErrorKind.Timeout => StatusCodes.Status503ServiceUnavailable,
            VideoErrorKind.TooLarge or VideoErrorKind.TooLong => StatusCodes.Status413PayloadTooLarge,
            _ => StatusCodes.Status422UnprocessableEntity,
        },
        "Preview unavailable",
        $"Evidence {content.Item.Id} ({content.Metadata.MediaType}) cannot be previewed: {e.Message}");
}
