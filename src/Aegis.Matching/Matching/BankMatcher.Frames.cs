using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Matching.Banks;
using Aegis.Matching.Index;
using Aegis.Matching.Video;

namespace Aegis.Matching.Matching;

/// <summary>Pictures against video frames, both ways: a video's frames against image entries, an image against the frames of video entries.</summary>
public sealed partial class BankMatcher
{
    /// <summary>Frames of lower quality say little (blank, flat or blurred) and are not matched against pictures, as vPDQ drops them.</summary>
    private const int MinFrameQuality = VideoMatchThresholds.DefaultMinQuality;

    /// <summary>
    /// A picture against the frames of the banks' vPDQ entries: per video entry, its nearest frame within the bank's
    /// PDQ threshold (the earliest of equals), as a <see cref="SignalType.Vpdq"/> match taking the bank's action.
    /// </summary>
    private void AddVideoFrames(BankTable banks, PdqHash pdq, List<BankMatch> matches)
    {
        if (_videos.VideoCount == 0)
        {
            return;
        }

        var hits = new List<FrameHit>();
        _videos.SearchFrames(pdq, banks.MaxPdqThreshold, hits);
        var best = new Dictionary<int, FrameHit>();
        foreach (var hit in hits)
        {
            if (banks.BankOf(hit.VideoKey) is { Enabled: true } bank && hit.Distance <= bank.PdqThreshold &&
                (!best.TryGetValue(hit.VideoKey, out var kept) || (hit.Distance, hit.Timestamp).CompareTo((kept.Distance, kept.Timestamp)) < 0))
            {
                best[hit.VideoKey] = hit;
            }
        }

        foreach (var hit in best.Values.OrderBy(h => h.VideoKey))
        {
            var bank = banks.BankOf(hit.VideoKey)!;
            matches.Add(new BankMatch(bank.Name, hit.VideoKey, SignalType.Vpdq, hit.Distance, bank.Action, bank.Kind, null, hit.FrameNumber, hit.Timestamp));
        }
    }

    /// <summary>
    /// A video's frames (quality 50 and above, each distinct hash once, in order) against the banks' image (PDQ)
    /// entries: per entry, the nearest frame within the bank's threshold (the earliest of equals), as a
    /// <see cref="SignalType.Pdq"/> match taking the bank's action, with the frame's number and time.
    /// </summary>
    /// <remarks>
    /// A negative image entry matched by a frame says that frame is a known benign picture: it cancels the ordinary
    /// image matches of that frame only, never the matches of other frames or of the whole video (one benign picture
    /// spliced into a video must not clear it). A negative match of the whole video (vPDQ, or its digest) cancels these
    /// as any perceptual match.
    /// </remarks>
    private FrameResult FrameMatches(BankTable banks, IReadOnlyList<VpdqFeature> features)
    {
        if (banks.MaxPdqThreshold < 0 || _pdq.Count == 0)
        {
            return FrameResult.None;
        }

        var ordinary = new Dictionary<int, BankMatch>();
        var negative = new Dictionary<int, BankMatch>();
        var cancelled = new Dictionary<int, BankMatch>();
        var seen = new HashSet<PdqHash>();
        var hits = new List<PdqMatch>();
        var here = new List<BankMatch>();
        foreach (var feature in features)
        {
            if (feature.Quality < MinFrameQuality || !seen.Add(feature.Hash))
            {
                continue;
            }

            hits.Clear();
            here.Clear();
            _pdq.Search(feature.Hash, banks.MaxPdqThreshold, hits);
            foreach (var (key, distance) in hits)
            {
                if (banks.BankOf(key) is { Enabled: true } bank && distance <= bank.PdqThreshold)
                {
                    here.Add(new BankMatch(bank.Name, key, SignalType.Pdq, distance, bank.Action, bank.Kind, null, feature.FrameNumber, feature.Timestamp));
                }
            }

            var benignFrame = here.Exists(m => m.Kind == BankKind.Negative);
            foreach (var match in here)
            {
                KeepNearest(match.Kind == BankKind.Negative ? negative : benignFrame ? cancelled : ordinary, match);
            }
        }

        // An entry matched by another frame that nothing cancelled counts, and is not reported as cancelled.
        return new FrameResult(
            [.. ordinary.Values.OrderBy(m => m.EntryId)],
            [.. negative.Values.OrderBy(m => m.EntryId)],
            [.. cancelled.Values.Where(m => !ordinary.ContainsKey((int)m.EntryId)).OrderBy(m => m.EntryId)]);
    }

    /// <summary>Keeps the nearer of two matches of one entry; the earlier frame (seen first) of equals.</summary>
    private static void KeepNearest(Dictionary<int, BankMatch> kept, BankMatch match)
    {
        var key = (int)match.EntryId;
        if (!kept.TryGetValue(key, out var earlier) || match.Distance < earlier.Distance)
        {
            kept[key] = match;
        }
    }

    /// <summary>Frame matches of a video: those that count, negative ones, and ordinary ones cancelled by a negative one on their frame.</summary>
    private sealed record FrameResult(IReadOnlyList<BankMatch> Ordinary, IReadOnlyList<BankMatch> Negative, IReadOnlyList<BankMatch> Suppressed)
    {
        public static FrameResult None { get; } = new([], [], []);
    }
}
