using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Aegis.Exchanges.Http;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.AegisFeed;

/// <summary>
/// A client of another Aegis's hash feed (<c>GET {url}v1/feed?after=&amp;limit=</c> with an API key of its
/// <c>subscriber</c> role). Every page's signature is verified against the pinned keys before anything of it is read: a
/// missing, malformed or wrong signature, or a page answering another checkpoint than the one asked, is
/// <see cref="ExchangeError.BadResponse"/> and nothing is applied (the checkpoint stays where it was). Records: key the
/// entry's id, one signal each; a deleted entry is a deletion; the category is kept; the member is the publisher's name.
/// </summary>
public sealed class AegisFeedClient : IExchangeClient
{
    /// <summary>The most a page may hold.</summary>
    internal const long MaxPageBytes = 64L << 20;

    private const string Exchange = "The Aegis feed";

    private readonly Uri _base;
    private readonly IReadOnlyList<FeedPublicKey> _keys;
    private readonly string? _apiKey;
    private readonly int _pageSize;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    internal AegisFeedClient(Uri url, IReadOnlyList<FeedPublicKey> keys, string? apiKey, int pageSize, HttpClient http, TimeProvider time)
    {
        _base = new Uri(url.AbsoluteUri.TrimEnd('/') + "/");
        _keys = keys;
        _apiKey = apiKey;
        _pageSize = pageSize;
        _http = http;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        if (_apiKey is null)
        {
            throw new ExchangeException(ExchangeError.Unauthorized, "No credentials are stored for this Aegis feed: set 'api_key' (a key of the publisher's subscriber role).");
        }

        var after = CheckpointJson.Read<AegisFeedCheckpoint>(checkpoint, "aegis")?.After ?? "0";
        var url = new Uri(_base, $"v1/feed?after={Uri.EscapeDataString(after)}&limit={_pageSize.ToString(CultureInfo.InvariantCulture)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        request.Headers.Accept.ParseAdd("application/json");
        var answer = await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken, FeedSignature.Header);
        if (!answer.Succeeded)
        {
            throw ExchangeHttp.Refused(answer, Exchange, "GET /v1/feed", _apiKey);
        }

        if (FeedSignature.Verify(answer.Header, answer.Body, _keys) is { } bad)
        {
            throw new ExchangeException(ExchangeError.BadResponse, $"{Exchange} at {_base.Host} sent a page that is not signed by its pinned key: {bad}; the page is not applied.");
        }

        FeedPageDocument page;
        try
        {
            page = FeedJson.Read(answer.Body);
        }
        catch (JsonException e)
        {
            throw new ExchangeException(ExchangeError.BadResponse, $"{Exchange} sent a signed page that is not a feed page: {e.Message}", e);
        }

        if (page.After != after)
        {
            throw new ExchangeException(ExchangeError.BadResponse, $"{Exchange} answered a request after '{ExchangeFields.Shorten(after)}' with the page after '{ExchangeFields.Shorten(page.After)}'; the page is not applied.");
        }

        if (page.HasMore && page.Next == after)
        {
            throw new ExchangeException(ExchangeError.BadResponse, $"{Exchange} says it has more after '{ExchangeFields.Shorten(after)}' but its checkpoint did not move; the page is not applied.");
        }

        var progress = page.Entries.Count == 0 ? (DateTimeOffset?)null : page.Entries[^1].At;
        return new ExchangePage(Records(page), CheckpointJson.Write(new AegisFeedCheckpoint(page.Next)), page.HasMore, progress);
    }

    /// <summary>The feed takes no feedback.</summary>
    public Task SendFeedbackAsync(ExchangeFeedback feedback, CancellationToken cancellationToken) =>
        throw new ExchangeException(ExchangeError.NotSupported, "The Aegis feed takes no feedback.");

    private static List<ExchangeRecord> Records(FeedPageDocument page)
    {
        var records = new List<ExchangeRecord>(page.Entries.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in page.Entries)
        {
            if (FeedJson.Parse(entry.SignalType) is not { } type)
            {
                continue;
            }

            var signal = entry.Deleted ? null : type == SignalType.Vpdq ? new ExchangeSignal(type, entry.Value) : ExchangeSignals.From(type, entry.Value);
            if (!entry.Deleted && signal is null)
            {
                continue;
            }

            var record = new ExchangeRecord(entry.Id, signal is null ? [] : [signal], ExchangeProvenance.Of(entry.Id, page.Publisher, entry.Category));
            if (index.TryGetValue(entry.Id, out var earlier))
            {
                records[earlier] = record;
            }
            else
            {
                index[entry.Id] = records.Count;
                records.Add(record);
            }
        }

        return records;
    }
}
