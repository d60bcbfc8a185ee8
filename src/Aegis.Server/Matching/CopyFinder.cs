using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aegis.Core.Content;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video.Formats;
using Aegis.Server.Api;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Matching;

/// <summary>
/// Finds recorded items' copies across the whole content index: exact digests through the database's indexes, PDQ and
/// vPDQ in every partition — this node's own in memory, the others' by asking their holders. A partition that is
/// loading, or whose holder dies mid-way, is asked again (of its new holder once the lease moves) until
/// <see cref="ContentIndexOptions.CopiesWaitSeconds"/> runs out; the answer then says it is incomplete, never less than it found.
/// </summary>
internal sealed partial class CopyFinder(
    ContentIndex index,
    ContentStore contents,
    ClusterStore cluster,
    ClusterNodeIdentity node,
    ServerOptions options,
    TimeProvider time,
    ILogger<CopyFinder> logger) : IDisposable
{
    /// <summary>The PDQ distance within which an item is a copy.</summary>
    public const int Threshold = 31;

    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(200);

    private static readonly JsonSerializerOptions Wire = CreateWire();

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The wire format between nodes (as the public API's: snake_case).</summary>
    public static JsonSerializerOptions WireOptions => Wire;

    /// <summary>Each item's copies by hash (its own row left out).</summary>
    public async Task<CopiesFound> FindAsync(IReadOnlyList<(long OwnRow, ContentRecord Item)> items, CancellationToken cancellationToken)
    {
        var found = items.Select(_ => new Dictionary<long, int>()).ToList();
        await FindDigestsAsync(items, found, cancellationToken);

        var complete = true;
        var searches = items.Select(i => new CopySearch(i.Item.Pdq, i.Item.Vpdq, Threshold)).ToList();
        if (searches.Any(s => s.Pdq is not null || s.Vpdq is not null))
        {
            complete = await FindInPartitionsAsync(searches, found, cancellationToken);
        }

        var copies = new List<IReadOnlyList<CopyHit>>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            found[i].Remove(items[i].OwnRow);
            copies.Add([.. found[i].OrderBy(f => f.Key).Select(f => new CopyHit(f.Key, f.Value))]);
        }

        return new CopiesFound(copies, complete);
    }

    /// <summary>Searches the partitions this node holds and has current; returns which it answered for.</summary>
    public IReadOnlyList<int> SearchHere(IReadOnlyCollection<int> partitions, IReadOnlyList<CopySearch> searches, IReadOnlyList<Dictionary<long, int>> found)
    {
        var answered = new List<int>();
        foreach (var number in partitions)
        {
            if (index.Get(number) is not { Current: true, Index: { } partition })
            {
                continue;
            }

            try
            {
                Search(partition, searches, found);
            }
            catch (ObjectDisposedException)
            {
                continue; // given up while searched: asked again of its next holder
            }

            answered.Add(number);
        }

        return answered;
    }

    private static void Search(PartitionIndex partition, IReadOnlyList<CopySearch> searches, IReadOnlyList<Dictionary<long, int>> found)
    {
        for (var i = 0; i < searches.Count; i++)
        {
            var search = searches[i];
            if (search.Pdq is { } pdq && PdqHash.TryParse(pdq, out var hash))
            {
                partition.SearchPdq(hash, Math.Clamp(search.Threshold, 0, PdqHash.BitCount), found[i]);
            }

            if (search.Vpdq is { } vpdq)
            {
                foreach (var row in partition.MatchVideo(VpdqSignal.Parse(vpdq)))
                {
                    found[i][row] = 0;
                }
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task FindDigestsAsync(IReadOnlyList<(long OwnRow, ContentRecord Item)> items, List<Dictionary<long, int>> found, CancellationToken cancellationToken)
    {
        var md5 = items.Select(i => i.Item.Md5).OfType<string>().ToList();
        var sha = items.Select(i => i.Item.Sha256).OfType<string>().ToList();
        if (md5.Count + sha.Count == 0)
        {
            return;
        }

        var rows = await contents.FindByDigestsAsync(md5, sha, null, cancellationToken);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i].Item;
            foreach (var (row, rowMd5, rowSha) in rows)
            {
                if ((item.Md5 is not null && item.Md5 == rowMd5) || (item.Sha256 is not null && item.Sha256 == rowSha))
                {
                    found[i][row] = 0;
                }
            }
        }
    }

    private async Task<bool> FindInPartitionsAsync(List<CopySearch> searches, List<Dictionary<long, int>> found, CancellationToken cancellationToken)
    {
        var pending = Enumerable.Range(0, index.PartitionCount).ToHashSet();
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(options.ContentIndex.CopiesWaitSeconds);
        while (true)
        {
            pending.ExceptWith(SearchHere(pending, searches, found));
            // Asked of their holders whatever the count: with one partition, two nodes still share it (one holds it).
            if (pending.Count > 0)
            {
                await AskOthersAsync(pending, searches, found, cancellationToken);
            }

            if (pending.Count == 0)
            {
                return true;
            }

            if (time.GetUtcNow() >= deadline)
            {
                LogIncomplete(pending.Count, string.Join(',', pending.Order()));
                return false;
            }

            await Task.Delay(RetryEvery, time, cancellationToken);
        }
    }

    /// <summary>Asks each other holder of a pending partition, all at once; what they answer for leaves <paramref name="pending"/>.</summary>
    private async Task AskOthersAsync(HashSet<int> pending, List<CopySearch> searches, List<Dictionary<long, int>> found, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leases = await cluster.ReadPartitionsAsync(cancellationToken);
        var nodes = (await cluster.ReadNodesAsync(now - TimeSpan.FromSeconds(options.ContentIndex.LeaseSeconds), cancellationToken))
            .Where(n => n.NodeId != node.NodeId && n.Url is not null)
            .ToDictionary(n => n.NodeId, StringComparer.Ordinal);
        var asks = leases.Where(l => pending.Contains(l.Partition) && !l.IsFree(now) && l.Owner is not null && nodes.ContainsKey(l.Owner))
            .GroupBy(l => l.Owner!)
            .Select(g => AskAsync(nodes[g.Key], [.. g.Select(l => l.Partition)], searches, cancellationToken))
            .ToList();
        foreach (var answer in await Task.WhenAll(asks))
        {
            if (answer is null)
            {
                continue;
            }

            pending.ExceptWith(answer.Answered);
            for (var i = 0; i < searches.Count && i < answer.Hits.Count; i++)
            {
                foreach (var hit in answer.Hits[i])
                {
                    if (!found[i].TryGetValue(hit.Row, out var d) || hit.Distance < d)
                    {
                        found[i][hit.Row] = hit.Distance;
                    }
                }
            }
        }
    }

    private async Task<CopySearchAnswer?> AskAsync(ClusterNode other, List<int> partitions, List<CopySearch> searches, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{other.Url}{ClusterApi.CopiesPath}")
            {
                Content = JsonContent.Create(new CopySearchRequest(partitions, searches), options: Wire),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", other.Token);
            using var response = await _http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<CopySearchAnswer>(Wire, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            // A node that died or is stopping: its partitions are asked again, of whoever holds them next.
            LogAskFailed(other.NodeId, e.Message);
            return null;
        }
    }

    private static JsonSerializerOptions CreateWire()
    {
        var wire = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Json.Configure(wire);
        return wire;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copy lookup incomplete: {Count} partitions did not answer in time ({Partitions})")]
    private partial void LogIncomplete(int count, string partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copy lookup: node {Node} did not answer ({Reason}); asking again")]
    private partial void LogAskFailed(string node, string reason);
}
