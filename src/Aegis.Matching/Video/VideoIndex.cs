using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Matching.Index;

namespace Aegis.Matching.Video;

/// <summary>
/// Known videos, searchable by vPDQ: every distinct frame hash of every video goes into one <see cref="PdqIndex"/>,
/// keyed by a frame id that maps back to its video, so a lookup touches only the videos it hits. The percentages
/// equal <see cref="VpdqComparer"/>'s, computed from the index hits.
/// </summary>
/// <remarks>
/// <para>
/// This is the shape of python-threatexchange's <c>VPDQIndex</c> (<c>extensions/vpdq/vpdq_index.py</c>): per candidate
/// video, the set of query frames with a hit and the set of its own frames hit; query % = |matched query frames| ×
/// 100 / |prepared query|, candidate % = |matched candidate frames| × 100 / |prepared candidate|.
/// </para>
/// <para>
/// Each distinct hash of a video is indexed once with the highest quality among its frames, so a lookup can apply
/// any quality threshold not below <see cref="MinQuality"/> exactly. <see cref="Match"/> may run on many threads
/// while <see cref="Add"/> runs; a lookup sees exactly the videos whose <see cref="Add"/> finished before it began.
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

    /// <summary>Videos added.</summary>
    public int VideoCount => _videoCount;

    /// <summary>Distinct frames indexed, over all videos.</summary>
    public int FrameCount => _published;

    /// <summary>Adds a known video; lookups that start after this returns see it.</summary>
    /// <exception cref="ArgumentException">A video with this key was already added.</exception>
    public void Add(int videoKey, IReadOnlyList<VpdqFeature> features)
    {
        var (hashes, qualities) = VpdqFrames.Distinct(features, MinQuality);
        var video = new Video(videoKey, qualities);
        lock (_writer)
        {
            if (!_videos.TryAdd(videoKey, video))
            {
                throw new ArgumentException($"Video {videoKey} is already in the index.", nameof(videoKey));
            }

            var first = _published;
            var slots = _slots;
            if (slots.Length - first < hashes.Length)
            {
                Array.Resize(ref slots, (int)Math.Min(Array.MaxLength, Math.Max(2L * slots.Length, (long)first + hashes.Length)));
            }

            var ids = new int[hashes.Length];
            for (var i = 0; i < hashes.Length; i++)
            {
                ids[i] = checked(first + i);
                slots[ids[i]] = new Frame(video, i, qualities[i]);
            }

            // Order matters to lookups without the lock: slots first, then the index, then the watermark.
            Volatile.Write(ref _slots, slots);
            _frames.AddRange(hashes, ids);
            _published = first + hashes.Length;
            _videoCount++;
        }
    }

    /// <summary>
    /// The known videos the query matches, each with the first rule that held, ordered by video key. Only videos
    /// that some query frame hits are considered.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="thresholds"/> asks for a lower quality than
    /// <see cref="MinQuality"/>.</exception>
    public IReadOnlyList<VideoMatch> Match(IReadOnlyList<VpdqFeature> query, VideoMatchThresholds? thresholds = null)
    {
        thresholds ??= VideoMatchThresholds.Default;
        if (thresholds.MinQuality < MinQuality)
        {
            throw new ArgumentException(
                $"This index holds frames of quality {MinQuality} and above; a lookup cannot use {thresholds.MinQuality}.",
                nameof(thresholds));
        }

        var published = _published;
        var slots = Volatile.Read(ref _slots);
        var queryHashes = VpdqFrames.Prepare(query, thresholds.MinQuality);
        var candidates = new Dictionary<Video, Candidate>();
        var hits = new List<PdqMatch>();
        for (var q = 0; q < queryHashes.Length; q++)
        {
            hits.Clear();
            _frames.Search(queryHashes[q], thresholds.FrameDistance, hits);
            foreach (var hit in hits)
            {
                // Ids at or past the watermark belong to videos still being added when this lookup began.
                if (hit.Key >= published)
                {
                    continue;
                }

                var frame = slots[hit.Key];
                if (frame.Quality < thresholds.MinQuality)
                {
                    continue;
                }

                if (!candidates.TryGetValue(frame.Video, out var candidate))
                {
                    candidate = new Candidate(frame.Video.FrameCount);
                    candidates.Add(frame.Video, candidate);
                }

                candidate.Hit(q, frame.Index);
            }
        }

        var matches = new List<VideoMatch>();
        foreach (var (video, candidate) in candidates)
        {
            var comparison = new VpdqComparison(
                queryHashes.Length, video.FramesAtLeast(thresholds.MinQuality), candidate.QueryFrames, candidate.CandidateFrames);
            if (thresholds.Evaluate(comparison) is { } rule)
            {
                matches.Add(new VideoMatch(
                    video.Key, rule, comparison.QueryPercent, comparison.CandidatePercent, comparison.MatchedQueryFrames));
            }
        }

        matches.Sort((a, b) => a.VideoKey.CompareTo(b.VideoKey));
        return matches;
    }

    /// <summary>One indexed frame: its video, its position among the video's distinct frames, its quality.</summary>
    private readonly record struct Frame(Video Video, int Index, int Quality);

    /// <summary>A known video (compared by reference).</summary>
    private sealed class Video
    {
        private readonly int[] _sortedQualities;

        public Video(int key, int[] qualities)
        {
            Key = key;
            _sortedQualities = [.. qualities.Order()];
        }

        public int Key { get; }

        public int FrameCount => _sortedQualities.Length;

        /// <summary>Prepared frame count for a quality threshold.</summary>
        public int FramesAtLeast(int minQuality)
        {
            var at = Array.BinarySearch(_sortedQualities, minQuality);
            if (at < 0)
            {
                return _sortedQualities.Length - ~at;
            }

            while (at > 0 && _sortedQualities[at - 1] == minQuality)
            {
                at--;
            }

            return _sortedQualities.Length - at;
        }
    }

    /// <summary>What one lookup found of one video.</summary>
    private sealed class Candidate(int frameCount)
    {
        private readonly bool[] _matched = new bool[frameCount];
        private int _lastQuery = -1;

        public int QueryFrames { get; private set; }

        public int CandidateFrames { get; private set; }

        public void Hit(int queryFrame, int candidateFrame)
        {
            if (queryFrame != _lastQuery)
            {
                _lastQuery = queryFrame;
                QueryFrames++;
            }

            if (!_matched[candidateFrame])
            {
                _matched[candidateFrame] = true;
                CandidateFrames++;
            }
        }
    }
}
