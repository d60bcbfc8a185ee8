using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Matching.Index;

namespace Aegis.Matching.Video;

/// <summary>
/// Known videos, searchable by vPDQ: the frame hashes of every video go into one <see cref="PdqIndex"/>, keyed by a
/// frame id that maps back to its video, so a lookup touches only the videos it hits. The percentages equal
/// <see cref="VpdqComparer"/>'s, computed from the index hits.
/// </summary>
/// <remarks>
/// <para>
/// This is the shape of python-threatexchange's <c>VPDQIndex</c> (<c>extensions/vpdq/vpdq_index.py</c>): per candidate
/// video, the set of query frames with a hit and the set of its own frames hit; query % = |matched query frames| ×
/// 100 / |prepared query|, candidate % = |matched candidate frames| × 100 / |prepared candidate|. Aegis adds the
/// coverage: the share of the candidate's seconds with a hit.
/// </para>
/// <para>
/// Each distinct (hash, second) pair of a video is indexed once with the highest quality among its frames, so a lookup
/// can apply any quality threshold not below <see cref="MinQuality"/> exactly. <see cref="Search"/> may run on many
/// threads while <see cref="Add"/> and <see cref="Remove"/> run; a lookup sees exactly the videos whose
/// <see cref="Add"/> finished before it began, less those removed since.
/// </para>
/// </remarks>
public sealed class VideoIndex
{
    private const int InitialSlots = 256;

    private readonly Lock _writer = new();
    private readonly PdqIndex _frames;
    private readonly Dictionary<int, Video> _videos = [];
    private Frame[] _slots = new Frame[InitialSlots];
    private volatile int _published;
    private volatile int _videoCount;
    private long _frameCount;

    /// <param name="minQuality">Frames of lower quality are not indexed; lookups must not ask for less.</param>
    /// <param name="options">Options for the underlying frame index.</param>
    public VideoIndex(int minQuality = VideoMatchThresholds.DefaultMinQuality, PdqIndexOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minQuality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minQuality, 100);
        MinQuality = minQuality;
        _frames = new PdqIndex(options);
    }

    /// <summary>The lowest frame quality indexed.</summary>
    public int MinQuality { get; }

    /// <summary>Videos in the index.</summary>
    public int VideoCount => _videoCount;

    /// <summary>Frame entries indexed (distinct hash and second pairs), over the videos in the index.</summary>
    public long FrameCount => Interlocked.Read(ref _frameCount);

    /// <summary>Adds a known video; lookups that start after this returns see it.</summary>
    /// <exception cref="ArgumentException">A video with this key is already in the index.</exception>
    public void Add(int videoKey, IReadOnlyList<VpdqFeature> features)
    {
        var frames = VpdqFrames.Index(features, MinQuality);
        var video = new Video(videoKey, frames);
        lock (_writer)
        {
            if (_videos.ContainsKey(videoKey))
            {
                throw new ArgumentException($"Video {videoKey} is already in the index.", nameof(videoKey));
            }

            var entries = frames.Entries;
            var first = _published;
            if ((long)first + entries.Length > Array.MaxLength)
            {
                throw new InvalidOperationException("The video index is full.");
            }

            var slots = _slots;
            if (slots.Length - first < entries.Length)
            {
                Array.Resize(ref slots, (int)Math.Min(Array.MaxLength, Math.Max(2L * slots.Length, (long)first + entries.Length)));
            }

            var hashes = new PdqHash[entries.Length];
            var ids = new int[entries.Length];
            for (var i = 0; i < entries.Length; i++)
            {
                hashes[i] = entries[i].Hash;
                ids[i] = first + i;
                slots[ids[i]] = new Frame(video, entries[i].HashOrdinal, entries[i].SecondOrdinal, entries[i].Quality);
            }

            // Order matters to lookups without the lock: the video's first id and the slots first, then the index, then
            // the watermark.
            video.FirstId = first;
            Volatile.Write(ref _slots, slots);
            _frames.AddRange(hashes, ids);
            _published = first + entries.Length;
            _videos.Add(videoKey, video);
            _videoCount++;
            Interlocked.Add(ref _frameCount, entries.Length);
        }
    }

    /// <summary>Removes a video; lookups that start after this returns do not see it. False when it is not there.</summary>
    public bool Remove(int videoKey)
    {
        lock (_writer)
        {
            if (!_videos.Remove(videoKey, out var video))
            {
                return false;
            }

            video.Removed = true;
            var entries = video.Frames.Entries;
            for (var i = 0; i < entries.Length; i++)
            {
                _frames.Remove(entries[i].Hash, video.FirstId + i);
            }

            _videoCount--;
            Interlocked.Add(ref _frameCount, -entries.Length);
            return true;
        }
    }

    /// <summary>Whether a video with this key is in the index.</summary>
    public bool Contains(int videoKey)
    {
        lock (_writer)
        {
            return _videos.ContainsKey(videoKey);
        }
    }

    /// <summary>
    /// The known videos the query matches under <paramref name="thresholds"/>, each with the first rule that held,
    /// ordered by video key.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="thresholds"/> asks for a lower quality than
    /// <see cref="MinQuality"/>.</exception>
    public IReadOnlyList<VideoMatch> Match(IReadOnlyList<VpdqFeature> query, VideoMatchThresholds? thresholds = null)
    {
        thresholds ??= VideoMatchThresholds.Default;
        var matches = new List<VideoMatch>();
        foreach (var candidate in Search(query, thresholds.FrameDistance, thresholds.MinQuality))
        {
            if (thresholds.Evaluate(candidate.Comparison) is { } rule)
            {
                matches.Add(VideoMatch.From(candidate, rule));
            }
        }

        return matches;
    }

    /// <summary>
    /// Every known video that some frame of the query hits, with the full comparison, ordered by video key; rules
    /// are left to the caller (a matcher applies each bank's own).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="minQuality"/> is below <see cref="MinQuality"/>.</exception>
    public IReadOnlyList<VideoCandidate> Search(
        IReadOnlyList<VpdqFeature> query,
        int frameDistance = VideoMatchThresholds.DefaultFrameDistance,
        int minQuality = VideoMatchThresholds.DefaultMinQuality)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (minQuality < MinQuality)
        {
            throw new ArgumentException(
                $"This index holds frames of quality {MinQuality} and above; a lookup cannot use {minQuality}.",
                nameof(minQuality));
        }

        var published = _published;
        var slots = Volatile.Read(ref _slots);
        var queryHashes = VpdqFrames.Prepare(query, minQuality);
        var candidates = new Dictionary<Video, Candidate>();
        var hits = new List<PdqMatch>();
        for (var q = 0; q < queryHashes.Length; q++)
        {
            hits.Clear();
            _frames.Search(queryHashes[q], frameDistance, hits);
            foreach (var hit in hits)
            {
                // Ids at or past the watermark belong to videos still being added when this lookup began.
                if (hit.Key >= published)
                {
                    continue;
                }

                var frame = slots[hit.Key];
                if (frame.Quality < minQuality || frame.Video.Removed)
                {
                    continue;
                }

                if (!candidates.TryGetValue(frame.Video, out var candidate))
                {
                    candidate = new Candidate(frame.Video.Frames);
                    candidates.Add(frame.Video, candidate);
                }

                candidate.Hit(q, frame.HashOrdinal, frame.SecondOrdinal);
            }
        }

        var found = new List<VideoCandidate>(candidates.Count);
        foreach (var (video, candidate) in candidates)
        {
            found.Add(new VideoCandidate(
                video.Key,
                new VpdqComparison(
                    queryHashes.Length,
                    video.HashesAtLeast(minQuality),
                    candidate.QueryFrames,
                    candidate.CandidateFrames,
                    video.SecondsAtLeast(minQuality),
                    candidate.CandidateSeconds)));
        }

        found.Sort((a, b) => a.VideoKey.CompareTo(b.VideoKey));
        return found;
    }

    /// <summary>
    /// Every indexed frame within <paramref name="maxDistance"/> of one picture's hash (an image looked for among the
    /// known videos' frames), appended to <paramref name="results"/>: its video, the distance, and the frame's number and
    /// timestamp. Only frames of quality <see cref="MinQuality"/> and above are indexed; a frame hash repeated within a
    /// second is found once, as its first frame in that second.
    /// </summary>
    public void SearchFrames(PdqHash query, int maxDistance, List<FrameHit> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var published = _published;
        var slots = Volatile.Read(ref _slots);
        var hits = new List<PdqMatch>();
        _frames.Search(query, maxDistance, hits);
        foreach (var hit in hits)
        {
            if (hit.Key >= published)
            {
                continue;
            }

            var video = slots[hit.Key].Video;
            if (video.Removed)
            {
                continue;
            }

            var entry = video.Frames.Entries[hit.Key - video.FirstId];
            results.Add(new FrameHit(video.Key, hit.Distance, entry.FrameNumber, entry.Timestamp));
        }
    }

    /// <summary>One indexed entry: its video, its distinct hash and second within the video, its quality.</summary>
    private readonly record struct Frame(Video Video, int HashOrdinal, int SecondOrdinal, int Quality);

    /// <summary>A known video (compared by reference).</summary>
    private sealed class Video(int key, IndexedFrames frames)
    {
        private readonly int[] _hashQualities = [.. frames.HashQualities.Order()];
        private readonly int[] _secondQualities = [.. frames.SecondQualities.Order()];

        public int Key { get; } = key;

        public IndexedFrames Frames { get; } = frames;

        /// <summary>The frame id of its first entry.</summary>
        public int FirstId { get; set; }

        public volatile bool Removed;

        public int HashesAtLeast(int minQuality) => AtLeast(_hashQualities, minQuality);

        public int SecondsAtLeast(int minQuality) => AtLeast(_secondQualities, minQuality);

        private static int AtLeast(int[] sorted, int minQuality)
        {
            var at = Array.BinarySearch(sorted, minQuality);
            if (at < 0)
            {
                return sorted.Length - ~at;
            }

            while (at > 0 && sorted[at - 1] == minQuality)
            {
                at--;
            }

            return sorted.Length - at;
        }
    }

    /// <summary>What one lookup found of one video.</summary>
    private sealed class Candidate(IndexedFrames frames)
    {
        private readonly bool[] _hashes = new bool[frames.HashQualities.Length];
        private readonly bool[] _seconds = new bool[frames.SecondQualities.Length];
        private int _lastQuery = -1;

        public int QueryFrames { get; private set; }

        public int CandidateFrames { get; private set; }

        public int CandidateSeconds { get; private set; }

        public void Hit(int queryFrame, int hash, int second)
        {
            if (queryFrame != _lastQuery)
            {
                _lastQuery = queryFrame;
                QueryFrames++;
            }

            if (!_hashes[hash])
            {
                _hashes[hash] = true;
                CandidateFrames++;
            }

            if (!_seconds[second])
            {
                _seconds[second] = true;
                CandidateSeconds++;
            }
        }
    }
}
