using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Index;
using Aegis.Matching.Video;

namespace Aegis.Matching.Matching;

/// <summary>
/// Matches hashes against every enabled bank at once: one PDQ index, two exact indexes and one video
/// index over all banks' enabled entries (keyed by entry id), each match filtered by its bank's
/// thresholds and state, then negative banks applied. Thread-safe: lookups run while entries and
/// banks change.
/// </summary>
/// <remarks>
/// Negative banks: a negative perceptual match (PDQ or vPDQ) cancels ordinary perceptual matches
/// (the hash of a known benign picture or video collides with a listed one); a negative MD5 or
/// SHA-256 match cancels every ordinary match (the exact file is known benign). An ordinary
/// exact-digest match is never cancelled by a perceptual negative match: the bytes are the listed
/// file.
/// </remarks>
public sealed partial class BankMatcher
{
    private readonly Lock _writer = new();
    private readonly PdqIndex _pdq;
    private readonly ExactIndex<Md5Hash> _md5;
    private readonly ExactIndex<Sha256Hash> _sha256;
    private readonly VideoIndex _videos;
    private volatile BankTable _banks = BankTable.Empty;

    public BankMatcher(PdqIndexOptions? options = null)
        : this(new PdqIndex(options), new ExactIndex<Md5Hash>(options), new ExactIndex<Sha256Hash>(options), BankTable.Empty, options)
    {
    }

    private BankMatcher(PdqIndex pdq, ExactIndex<Md5Hash> md5, ExactIndex<Sha256Hash> sha256, BankTable banks, PdqIndexOptions? options)
    {
        _pdq = pdq;
        _md5 = md5;
        _sha256 = sha256;
        _videos = new VideoIndex(VideoMatchThresholds.DefaultMinQuality, options);
        _banks = banks;
    }

    /// <summary>The PDQ index's figures.</summary>
    public PdqIndexStats PdqStats => _pdq.Stats;

    /// <summary>Videos (vPDQ entries) that can be matched.</summary>
    public int VideoCount => _videos.VideoCount;

    /// <summary>Frame entries of those videos in the video index.</summary>
    public long VideoFrameCount => _videos.FrameCount;

    /// <summary>Builds the matcher from banks and their enabled entries at once (start-up).</summary>
    public static BankMatcher Build(IEnumerable<Bank> banks, IEnumerable<BankEntry> entries, PdqIndexOptions? options = null) =>
        Build(banks, entries.Where(e => e.Enabled).Select(MatchableEntry.From), options);

    /// <summary>Builds the matcher from banks and the entries to match (start-up).</summary>
    public static BankMatcher Build(IEnumerable<Bank> banks, IEnumerable<MatchableEntry> entries, PdqIndexOptions? options = null)
    {
        var table = BankTable.Empty;
        foreach (var bank in banks)
        {
            table = table.With(bank);
        }

        var pdqHashes = new List<PdqHash>();
        var pdqKeys = new List<int>();
        var md5 = new List<(Md5Hash, int)>();
        var sha = new List<(Sha256Hash, int)>();
        var videos = new List<(int Key, IReadOnlyList<VpdqFeature> Features)>();
        foreach (var entry in entries)
        {
            var key = Key(entry.Id);
            table = table.Assign(key, entry.Bank);
            switch (entry.Type)
            {
                case SignalType.Pdq:
                    pdqHashes.Add(PdqHash.Parse(entry.Value));
                    pdqKeys.Add(key);
                    break;
                case SignalType.Md5:
                    md5.Add((ParseMd5(entry.Value), key));
                    break;
                case SignalType.Sha256:
                    sha.Add((ParseSha256(entry.Value), key));
                    break;
                case SignalType.Vpdq:
                    videos.Add((key, VpdqSignal.Parse(entry.Value)));
                    break;
            }
        }

        var matcher = new BankMatcher(
            PdqIndex.Build(pdqHashes.ToArray(), pdqKeys.ToArray(), options),
            ExactIndex<Md5Hash>.Build(md5, options),
            ExactIndex<Sha256Hash>.Build(sha, options),
            table,
            options);
        foreach (var (key, features) in videos)
        {
            matcher._videos.Add(key, features);
        }

        return matcher;
    }

    /// <summary>Adds or updates a bank's settings; they apply to the next lookup.</summary>
    public void SetBank(Bank bank)
    {
        lock (_writer)
        {
            _banks = _banks.With(bank);
        }
    }

    /// <summary>The settings of the bank named <paramref name="name"/> as lookups now see them, or null when it is not loaded.</summary>
    public Bank? FindBank(string name) => _banks.Find(name);

    /// <summary>Makes an enabled entry matchable at once.</summary>
    public void Add(BankEntry entry)
    {
        if (!entry.Enabled)
        {
            return;
        }

        var key = Key(entry.Id);
        lock (_writer)
        {
            _banks = _banks.Assign(key, entry.Bank);
        }

        switch (entry.Type)
        {
            case SignalType.Pdq:
                _pdq.Add(PdqHash.Parse(entry.Value), key);
                break;
            case SignalType.Md5:
                _md5.Add(ParseMd5(entry.Value), key);
                break;
            case SignalType.Sha256:
                _sha256.Add(ParseSha256(entry.Value), key);
                break;
            case SignalType.Vpdq:
                // An entry re-enabled while its earlier add is still indexed (a change replayed twice) stays once.
                lock (_writer)
                {
                    if (!_videos.Contains(key))
                    {
                        _videos.Add(key, VpdqSignal.Parse(entry.Value));
                    }
                }

                break;
        }
    }

    /// <summary>Stops an entry matching (disabled or deleted).</summary>
    public void Remove(BankEntry entry)
    {
        var key = Key(entry.Id);
        _ = entry.Type switch
        {
            SignalType.Pdq => _pdq.Remove(PdqHash.Parse(entry.Value), key) > 0,
            SignalType.Md5 => _md5.Remove(ParseMd5(entry.Value), key),
            SignalType.Vpdq => _videos.Remove(key),
            _ => _sha256.Remove(ParseSha256(entry.Value), key),
        };
    }

    /// <summary>
    /// Stops entries matching from the next lookup on, all at once, without taking their hashes out of the indexes: a
    /// deleted bank's entries, which may be millions (their memory is given back when the matcher is next built).
    /// </summary>
    public void Unassign(IEnumerable<long> entryIds)
    {
        ArgumentNullException.ThrowIfNull(entryIds);
        lock (_writer)
        {
            _banks = _banks.Unassign(entryIds.Select(Key));
        }
    }

    /// <summary>
    /// Every enabled bank's matches for a video: its vPDQ frames against the banks' vPDQ entries (each bank's own
    /// rules), and its file digests against their MD5 and SHA-256 entries. With <paramref name="acrossMedia"/>, also each
    /// frame against the banks' image (PDQ) entries, within each bank's PDQ threshold (see <see cref="FrameMatches"/>).
    /// </summary>
    public MatchResult MatchVideo(
        IReadOnlyList<VpdqFeature> features, Md5Hash? md5 = null, Sha256Hash? sha256 = null, bool acrossMedia = false)
    {
        ArgumentNullException.ThrowIfNull(features);
        var banks = _banks;
        var matches = new List<BankMatch>();
        if (features.Count > 0 && _videos.VideoCount > 0)
        {
            foreach (var candidate in _videos.Search(features))
            {
                if (banks.BankOf(candidate.VideoKey) is { Enabled: true } bank && bank.Video.Evaluate(candidate.Comparison) is { } rule)
                {
                    var action = rule == VideoMatchRule.Segment && bank.Action == BankAction.Block ? BankAction.Hold : bank.Action;
                    matches.Add(new BankMatch(
                        bank.Name, candidate.VideoKey, SignalType.Vpdq, 0, action, bank.Kind, VideoMatch.From(candidate, rule)));
                }
            }
        }

        AddDigests(banks, md5, sha256, matches);
        if (!acrossMedia)
        {
            return ApplyNegativeBanks(matches);
        }

        var frames = FrameMatches(banks, features);
        matches.AddRange(frames.Ordinary);
        var result = ApplyNegativeBanks(matches);
        return frames.Negative.Count + frames.Suppressed.Count == 0
            ? result
            : new MatchResult([.. result.Matches, .. frames.Negative], [.. result.Suppressed, .. frames.Suppressed]);
    }

    /// <summary>
    /// Every enabled bank's matches for the given hashes (any may be absent). With <paramref name="acrossMedia"/>, the
    /// PDQ hash is also looked for among the frames of the banks' vPDQ entries, within each bank's PDQ threshold: a still
    /// of a known video matches that video's entry, with the frame's number and time.
    /// </summary>
    public MatchResult Match(PdqHash? pdq, Md5Hash? md5 = null, Sha256Hash? sha256 = null, bool acrossMedia = false)
    {
        var banks = _banks;
        var matches = new List<BankMatch>();
        if (pdq is { } p && banks.MaxPdqThreshold >= 0)
        {
            var found = new List<PdqMatch>();
            _pdq.Search(p, banks.MaxPdqThreshold, found);
            foreach (var (key, distance) in found)
            {
                if (banks.BankOf(key) is { Enabled: true } bank && distance <= bank.PdqThreshold)
                {
                    matches.Add(new BankMatch(bank.Name, key, SignalType.Pdq, distance, bank.Action, bank.Kind));
                }
            }

            if (acrossMedia)
            {
                AddVideoFrames(banks, p, matches);
            }
        }

        AddDigests(banks, md5, sha256, matches);
        return ApplyNegativeBanks(matches);
    }

    private void AddDigests(BankTable banks, Md5Hash? md5, Sha256Hash? sha256, List<BankMatch> matches)
    {
        var keys = new List<int>();
        if (md5 is { } m)
        {
            _md5.Search(m, keys);
            AddExact(banks, keys, SignalType.Md5, matches);
        }

        if (sha256 is { } s)
        {
            keys.Clear();
            _sha256.Search(s, keys);
            AddExact(banks, keys, SignalType.Sha256, matches);
        }
    }

    private static MatchResult ApplyNegativeBanks(List<BankMatch> matches)
    {
        var negatives = matches.Where(m => m.Kind == BankKind.Negative).ToList();
        if (negatives.Count == 0)
        {
            return matches.Count == 0 ? MatchResult.None : new MatchResult(matches, []);
        }

        var exactNegative = negatives.Any(n => !IsPerceptual(n.Type));
        var suppressed = matches.Where(m => m.Kind == BankKind.Ordinary && (exactNegative || IsPerceptual(m.Type))).ToList();
        return new MatchResult(matches.Except(suppressed).ToList(), suppressed);
    }

    private static bool IsPerceptual(SignalType type) => type is SignalType.Pdq or SignalType.Vpdq;

    private static void AddExact(BankTable banks, List<int> keys, SignalType type, List<BankMatch> matches)
    {
        foreach (var key in keys)
        {
            if (banks.BankOf(key) is { Enabled: true } bank)
            {
                matches.Add(new BankMatch(bank.Name, key, type, 0, bank.Action, bank.Kind));
            }
        }
    }

    private static int Key(long entryId) =>
        entryId is > 0 and <= int.MaxValue
            ? (int)entryId
            : throw new ArgumentOutOfRangeException(nameof(entryId), entryId, "Entry ids must be between 1 and 2,147,483,647.");

    private static Md5Hash ParseMd5(string hex) =>
        Md5Hash.TryParse(hex, out var hash) ? hash : throw new FormatException($"'{hex}' is not an MD5 digest (32 hex characters).");

    private static Sha256Hash ParseSha256(string hex) =>
        Sha256Hash.TryParse(hex, out var hash) ? hash : throw new FormatException($"'{hex}' is not a SHA-256 digest (64 hex characters).");
}
