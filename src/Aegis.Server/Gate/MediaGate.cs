using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Input;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Matching;
using Aegis.Server.Cases;
using Aegis.Server.Evidence;
using Aegis.Server.Hosting;
using Aegis.Server.Matching;
using Aegis.Server.Metrics;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Gate;

/// <summary>
/// The upload gate: hashes the bytes (image or video, told apart by their content), matches every enabled bank,
/// decides, records the item in the content index (committed before the answer) and answers. The bytes of an upload it
/// blocks or holds are preserved in the evidence vault for the case it opens, before the answer.
/// </summary>
internal sealed partial class MediaGate(
    MatcherHost host, BankStore banks, ContentStore contents, CaseService cases, AegisMetrics metrics, MediaHasher hasher, EvidenceVault evidence,
    ExchangeStore exchanges, ServerOptions options, ILogger<MediaGate> logger)
{
    /// <summary>What <see cref="GateHashes.VpdqSkipped"/> says of a video blocked by its digest alone.</summary>
    internal const string KnownFileNotDecoded = "The file's MD5 or SHA-256 is in a bank that blocks it: its frames were not decoded or hashed.";

    /// <param name="request">Who uploaded what.</param>
    /// <param name="bytes">
    /// The upload. Once hashed, the upload of a block or hold is encrypted into the evidence vault in place: the buffer
    /// then holds ciphertext (no second copy of a video the size of the request limit).
    /// </param>
    /// <param name="digests">The bytes' MD5 and SHA-256 when the caller computed them as they arrived (a video); else computed here.</param>
    /// <param name="mediaType">The upload's declared media type, kept with preserved bytes.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task<GateResponse> UploadAsync(GateRequest request, Memory<byte> bytes, FileDigests? digests, string? mediaType, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ContentId))
        {
            throw new GateException(StatusCodes.Status400BadRequest, "Missing content id", "An upload needs its content_id (the platform's id for the item).");
        }

        CheckIds(request);

        if (bytes.IsEmpty)
        {
            throw new GateException(StatusCodes.Status400BadRequest, "Empty upload", "The request has no bytes: send the image or video as the body, or as the multipart field 'file'.");
        }

        var matcher = Matcher();
        var sequence = host.Sequence;
        var header = bytes.Span[..Math.Min(bytes.Length, VideoSniffer.HeaderLength)];
        if (VideoSniffer.LooksLikeVideo(header))
        {
            // The file's digests first: a known file that a bank blocks is blocked without starting ffmpeg. Negative banks
            // apply as ever (a negative digest cancels; a perceptual negative never cancels an exact digest), so a block
            // here is final. A hold or flag is decoded anyway, so that the record has the video's vPDQ.
            var file = digests ?? FileDigests.Of(bytes);
            var known = matcher.Match(null, file.Md5, file.Sha256);
            if (GatePolicy.Decide(known) == Verdict.Block)
            {
                var skipped = new GateHashes(null, null, file.Md5.ToString(), file.Sha256.ToString(), null, null, KnownFileNotDecoded);
                return await DecideAsync(request, MediaKind.Video, skipped, known, sequence, (bytes, mediaType), cancellationToken);
            }

            var video = await HashVideoAsync(bytes, file, cancellationToken);
            var signal = VpdqSignal.SerializeCanonical(video.Features);
            var result = matcher.MatchVideo(video.Features, video.Digests.Md5, video.Digests.Sha256, acrossMedia: true);
            var hashes = new GateHashes(null, null, video.Digests.Md5.ToString(), video.Digests.Sha256.ToString(), signal, video.Features.Count);
            return await DecideAsync(request, MediaKind.Video, hashes, result, sequence, (bytes, mediaType), cancellationToken);
        }

        var image = await HashImageAsync(bytes, cancellationToken);
        var imageResult = matcher.Match(image.Pdq.Hash, image.Digests.Md5, image.Digests.Sha256, acrossMedia: true);
        var imageHashes = new GateHashes(
            image.Pdq.Hash.ToString(), image.Pdq.Quality, image.Digests.Md5.ToString(), image.Digests.Sha256.ToString(), null, null);
        return await DecideAsync(request, MediaKind.Image, imageHashes, imageResult, sequence, (bytes, mediaType), cancellationToken);
    }

    public async Task<GateResponse> LookupAsync(LookupRequest request, CancellationToken cancellationToken)
    {
        var gate = new GateRequest(request.ContentId, request.UploaderId, request.UploaderIp, request.UploadedAt, request.ParentContentId);
        CheckIds(gate);
        var pdq = Parse<PdqHash>(request.Pdq, "pdq", "64 hex characters", PdqHash.TryParse);
        var md5 = Parse<Md5Hash>(request.Md5, "md5", "32 hex characters", Md5Hash.TryParse);
        var sha = Parse<Sha256Hash>(request.Sha256, "sha256", "64 hex characters", Sha256Hash.TryParse);
        IReadOnlyList<VpdqFeature>? vpdq = null;
        if (request.Vpdq is { } signal)
        {
            try
            {
                vpdq = VpdqSignal.Parse(signal);
            }
            catch (FormatException e)
            {
                throw new GateException(StatusCodes.Status400BadRequest, "Bad vpdq", e.Message);
            }
        }

        if (pdq is null && md5 is null && sha is null && vpdq is null)
        {
            throw new GateException(StatusCodes.Status400BadRequest, "No hashes", "Give at least one of pdq, md5, sha256 and vpdq.");
        }

        if (vpdq is not null && pdq is not null)
        {
            throw new GateException(StatusCodes.Status400BadRequest, "Image or video", "An item is an image (pdq) or a video (vpdq), not both.");
        }

        var matcher = Matcher();
        var sequence = host.Sequence;
        var result = vpdq is not null ? matcher.MatchVideo(vpdq, md5, sha, acrossMedia: true) : matcher.Match(pdq, md5, sha, acrossMedia: true);
        var hashes = new GateHashes(
            pdq?.ToString(), null, md5?.ToString(), sha?.ToString(), vpdq is null ? null : VpdqSignal.SerializeCanonical(vpdq), vpdq?.Count);
        return await DecideAsync(gate, MediaKind.Hashes, hashes, result, sequence, null, cancellationToken);
    }

    private async Task<GateResponse> DecideAsync(
        GateRequest request, MediaKind kind, GateHashes hashes, MatchResult result, long sequence, (Memory<byte> Bytes, string? MediaType)? upload,
        CancellationToken cancellationToken)
    {
        (result, var reason) = await GuardAsync(result, !string.IsNullOrWhiteSpace(request.ContentId), cancellationToken);
        var verdict = GatePolicy.Decide(result);
        var recorded = false;
        long? caseId = null;
        if (!string.IsNullOrWhiteSpace(request.ContentId))
        {
            // An account suspended for child sexual exploitation uploads nothing unseen: held, with a case joined to its own.
            var suspendedBy = verdict == Verdict.Block ? null : await cases.SuspendedForChildSafetyAsync(request.UploaderId, cancellationToken);
            if (suspendedBy is { } suspending)
            {
                verdict = Verdict.Hold;
                reason = $"The uploader was suspended for child sexual exploitation by case {suspending}.";
            }

            var record = new ContentRecord(
                request.ContentId, kind, request.UploaderId, request.UploaderIp, request.UploadedAt, request.ParentContentId,
                hashes.Pdq, hashes.PdqQuality, hashes.Md5, hashes.Sha256, hashes.Vpdq, verdict);
            if (verdict == Verdict.Allow)
            {
                recorded = (await contents.RecordAsync(record, sequence, cancellationToken)).Created;
            }
            else
            {
                // The matched bytes of known material never vanish from the record: the item and its case commit together.
                var decisive = suspendedBy is null ? Decisive(result, verdict) : null;
                var origin = suspendedBy is not null ? CaseOrigin.SuspendedUploader : verdict == Verdict.Block ? CaseOrigin.GateBlock : CaseOrigin.GateHold;
                var entry = decisive is { } m ? new GateMatchEntry(m.Bank, m.EntryId, SignalName(m.Type), m.Distance, m.Frame, m.Timestamp) : (GateMatchEntry?)null;
                var opened = await cases.RecordAtGateAsync(record, sequence, origin, entry, suspendedBy, cancellationToken);
                (recorded, caseId) = (opened.Content.Created, opened.CaseId);
                if (upload is { } u)
                {
                    var digests = hashes.Md5 is { } md5 && hashes.Sha256 is { } sha256 ? new Aegis.CyberTip.Evidence.EvidenceDigests(md5.ToLowerInvariant(), sha256.ToLowerInvariant()) : null;
                    await PreserveAsync(opened.CaseId, opened.Content.RowId, u.Bytes, u.MediaType, digests, cancellationToken);
                }
            }

            host.Wake();
        }

        metrics.Verdict(verdict, result);
        var matched = result.Matches.Concat(result.Suppressed).Select(m => m.EntryId).ToList();
        var sources = matched.Count == 0 ? new Dictionary<long, EntrySource>() : await banks.ReadSourcesAsync(matched, cancellationToken);
        return new GateResponse(
            request.ContentId,
            verdict,
            kind,
            recorded,
            hashes,
            [.. result.Matches.Select(m => GateMatch.From(m, sources))],
            [.. result.Suppressed.Select(m => GateMatch.From(m, sources))])
        {
            CaseId = caseId,
            Reason = reason,
        };
    }

    /// <summary>
    /// The flood guard, before the verdict: the blocking and holding matches are counted for exchange entries (in the
    /// database, so every node counts alike), and the matches of a quarantined entry or exchange hold instead of block. A
    /// lookup that records nothing (no content id) gates no upload: it is answered as the quarantine stands, not counted.
    /// </summary>
    private async Task<(MatchResult Result, string? Reason)> GuardAsync(MatchResult result, bool count, CancellationToken cancellationToken)
    {
        var flood = options.Exchanges.Flood;
        if (!flood.Enabled)
        {
            return (result, null);
        }

        var acting = result.Effective.Where(m => m.Action is BankAction.Block or BankAction.Hold).Select(m => m.EntryId).Distinct().ToList();
        if (acting.Count == 0)
        {
            return (result, null);
        }

        var check = await exchanges.CheckAtGateAsync(acting, flood.Rules, count, cancellationToken);
        if (check.Held.Count == 0)
        {
            return (result, null);
        }

        var capped = GatePolicy.Quarantine(result, check.Held);
        return (capped, ReferenceEquals(capped, result) ? null : string.Join(" ", check.Reasons.Distinct()));
    }

    /// <summary>
    /// The upload's bytes into the vault. A failure does not change the verdict (it is decided and recorded): the item
    /// stays awaiting its bytes, and the fetch worker asks the platform for them after the gate's grace.
    /// </summary>
    private async Task PreserveAsync(long caseId, long contentRowId, Memory<byte> bytes, string? mediaType, Aegis.CyberTip.Evidence.EvidenceDigests? digests, CancellationToken cancellationToken)
    {
        try
        {
            await evidence.PreserveAtGateAsync(caseId, contentRowId, bytes, mediaType, digests, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotPreserved(e, caseId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The gate could not preserve the upload of case {CaseId}; the vault will fetch it from the platform")]
    private partial void LogNotPreserved(Exception e, long caseId);

    /// <summary>The match a block or hold rests on: the first effective match with the verdict's action, exact digests first.</summary>
    private static BankMatch? Decisive(MatchResult result, Verdict verdict)
    {
        var action = verdict == Verdict.Block ? BankAction.Block : BankAction.Hold;
        return result.Effective.Where(m => m.Action == action).OrderBy(m => m.Type is SignalType.Md5 or SignalType.Sha256 ? 0 : 1).ThenBy(m => m.Distance).FirstOrDefault();
    }

    private static string SignalName(SignalType type) => type.ToString().ToLowerInvariant();

    /// <summary>Refuses ids that could not be stored or read back (<see cref="Identifier"/>) before any hashing.</summary>
    private static void CheckIds(GateRequest request)
    {
        var invalid = Identifier.ValidateOptional("content_id", request.ContentId)
            ?? Identifier.ValidateOptional("uploader_id", request.UploaderId)
            ?? Identifier.ValidateOptional("parent_content_id", request.ParentContentId)
            ?? Identifier.ValidateOptional("uploader_ip", request.UploaderIp, ContentStore.MaxIpLength);
        if (invalid is not null)
        {
            throw new GateException(StatusCodes.Status400BadRequest, "Invalid id", invalid);
        }
    }

    private BankMatcher Matcher() => host.Matcher ?? throw new GateException(
        StatusCodes.Status503ServiceUnavailable, "Starting", "The banks are still loading; retry shortly (GET /readyz says when).");

    private async Task<ImageHashes> HashImageAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            return await hasher.HashImageAsync(bytes, cancellationToken);
        }
        catch (ImageDecodeException e)
        {
            throw new GateException(Status(e.Kind), "Image not accepted", e.Message);
        }
    }

    private async Task<VideoHashes> HashVideoAsync(ReadOnlyMemory<byte> bytes, FileDigests digests, CancellationToken cancellationToken)
    {
        try
        {
            return await hasher.HashVideoAsync(bytes, digests, cancellationToken);
        }
        catch (VideoHashException e)
        {
            // The bytes looked like a video, so one ffmpeg cannot read is damaged (422), not of another type.
            var status = e.Kind == VideoErrorKind.NotAVideo ? StatusCodes.Status422UnprocessableEntity : Status(e.Kind);
            throw new GateException(status, e.Kind == VideoErrorKind.FfmpegMissing ? "Video hashing unavailable" : "Video not accepted", e.Message);
        }
    }

    private static int Status(ImageErrorKind kind) => kind switch
    {
        ImageErrorKind.Empty => StatusCodes.Status400BadRequest,
        ImageErrorKind.UnrecognizedFormat or ImageErrorKind.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
        ImageErrorKind.TooLarge or ImageErrorKind.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private static int Status(VideoErrorKind kind) => kind switch
    {
        VideoErrorKind.FfmpegMissing => StatusCodes.Status503ServiceUnavailable,
        VideoErrorKind.TooLarge or VideoErrorKind.TooLong => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    private delegate bool TryParser<T>(ReadOnlySpan<char> text, out T value);

    private static T? Parse<T>(string? text, string name, string expected, TryParser<T> parse)
        where T : struct
    {
        if (text is null)
        {
            return null;
        }

        return parse(text.AsSpan().Trim(), out var value)
            ? value
            : throw new GateException(StatusCodes.Status400BadRequest, $"Bad {name}", $"'{name}' must be {expected}; got '{(text.Length > 80 ? text[..80] + "…" : text)}'.");
    }
}
