using System.Globalization;
using System.Text;
using System.Text.Json;
using Aegis.Exchanges.Http;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.StopNcii;

/// <summary>
/// A client of StopNCII's hash API. A run reads <c>GET {base}/FetchHashes?startTimestamp=&amp;pageSize=800</c> and its
/// pages by <c>nextPageToken</c> while <c>hasMoreRecords</c>, one page a call, <c>startTimestamp</c> fixed for the
/// run; the last page's <c>nextSetTimestamp</c> starts the next run (the first run starts at 10, as
/// python-threatexchange's). A page token older than an hour, or one StopNCII refuses, restarts the run from its
/// start: the run's records are replaced again, nothing is lost. A checkpoint unused for 30 days is stale
/// (<see cref="ExchangeError.CheckpointExpired"/>: fetch from the beginning), as python-threatexchange has it.
/// <para>
/// Records: key <c>"{signalType}:{hash}"</c>; <c>ImagePDQ</c> is PDQ and <c>VideoMD5</c> MD5; other types (TMK, text,
/// URL) are not held. A hash whose status is <c>Withdrawn</c> or <c>Deleted</c> is a deletion: the person withdrew it.
/// (python-threatexchange compares the hash's value, not its status, with those statuses, so it never deletes: a bug
/// Aegis does not copy.) The platforms' feedback are the opinions and its tags the category.
/// </para>
/// </summary>
public sealed class StopNciiClient : IExchangeClient
{
    /// <summary>The page size asked for, as python-threatexchange asks.</summary>
    public const int PageSize = 800;

    /// <summary>Where a first run starts (python-threatexchange's <c>DEFAULT_START_TIME</c>).</summary>
    public const long FirstStart = 10;

    /// <summary>The most a page may hold: 800 records of a few hundred bytes each, with room to spare.</summary>
    internal const long DefaultMaxPageBytes = 32L << 20;

    /// <summary>A page token older than this is not used (StopNCII's tokens are "not valid over long periods of time").</summary>
    internal static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    /// <summary>A checkpoint unused for this long is stale (python-threatexchange: 30 days).</summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromDays(30);

    private const string Exchange = "StopNCII";
    private const int MaxOpinions = 32;

    private readonly StopNciiOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly string _base;

    internal StopNciiClient(StopNciiOptions options, HttpClient http, TimeProvider time)
    {
        _options = options;
        _http = http;
        _time = time;
        _base = options.BaseUrl.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>The largest answer read (bytes); a longer one is <see cref="ExchangeError.BadResponse"/>.</summary>
    internal long MaxPageBytes { get; init; } = DefaultMaxPageBytes;

    /// <inheritdoc />
    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        var (fetchKey, subscriptionKey) = Keys();
        var at = CheckpointJson.Read<StopNciiCheckpoint>(checkpoint, Exchange);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (at is not null && now - at.FetchedAt > (long)StaleAfter.TotalSeconds)
        {
            throw new ExchangeException(
                ExchangeError.CheckpointExpired,
                $"The StopNCII checkpoint was last used {TimeSpan.FromSeconds(now - at.FetchedAt).TotalDays:0} days ago (over {StaleAfter.TotalDays:0}): fetch again from the beginning.");
        }

        var start = at?.Start ?? FirstStart;
        var token = at is { Token: { } t, TokenAt: { } tokenAt } && now - tokenAt <= (long)TokenLifetime.TotalSeconds ? t : null;
        var page = await FetchHashesAsync(start, token, fetchKey, subscriptionKey, cancellationToken)
            ?? await FetchHashesAsync(start, null, fetchKey, subscriptionKey, cancellationToken)
            ?? throw new ExchangeException(ExchangeError.BadResponse, "StopNCII refused a FetchHashes call without a page token.");
        if (page.HasMoreRecords && page.NextPageToken is null)
        {
            throw new ExchangeException(ExchangeError.BadResponse, "StopNCII's FetchHashes answer says it has more records but gives no nextPageToken; the page is not applied.");
        }

        var next = page.HasMoreRecords
            ? new StopNciiCheckpoint(start, now, page.NextPageToken, now)
            : new StopNciiCheckpoint(page.NextSetTimestamp, now);
        return new ExchangePage(Records(page.Records), CheckpointJson.Write(next), page.HasMoreRecords, DateTimeOffset.FromUnixTimeSeconds(page.NextSetTimestamp));
    }

    /// <summary>
    /// Sends the reviewer's verdict on a hash: <c>Blocked</c> (confirmed) or <c>NotBlocked</c> (dismissed), through
    /// SubmitFeedback with the <c>feedback_function_key</c>. No tags are sent: StopNCII's tags are the platform's own
    /// vocabulary, and a reviewer's free-text reason may hold what should not leave the platform.
    /// </summary>
    public Task SendFeedbackAsync(ExchangeFeedback feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var value = feedback.Verdict == ExchangeVerdict.Confirmed ? StopNciiFeedbackValue.Blocked : StopNciiFeedbackValue.NotBlocked;
        return SubmitFeedbackAsync(feedback.Provenance.EntryId, value, [], cancellationToken);
    }

    /// <summary>
    /// <c>POST {base}/SubmitFeedback</c> <c>{"count": 1, "hashFeedbacks": [{"tags": [...], "feedbackValue": ..., "hashValue": ...}]}</c>:
    /// any of StopNCII's feedback values, <see cref="StopNciiFeedbackValue.PendingReview"/> included (a match not yet reviewed).
    /// </summary>
    /// <exception cref="ExchangeException">StopNCII refused or failed the call; <see cref="ExchangeError.NotSupported"/> without a <c>feedback_function_key</c>.</exception>
    public async Task SubmitFeedbackAsync(string hashValue, StopNciiFeedbackValue value, IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(hashValue);
        ArgumentNullException.ThrowIfNull(tags);
        var (_, subscriptionKey) = Keys();
        var feedbackKey = _options.FeedbackKey
            ?? throw new ExchangeException(ExchangeError.NotSupported, "This StopNCII exchange has no 'feedback_function_key': SubmitFeedback needs its own key.");
        var body = JsonSerializer.Serialize(new
        {
            count = 1,
            hashFeedbacks = new[] { new { tags, feedbackValue = value.ToString(), hashValue } },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_base}/SubmitFeedback")
        {
            Content = new StringContent(body, new UTF8Encoding(false), "application/json"),
        };
        Sign(request, feedbackKey, subscriptionKey);
        var answer = await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken);
        if (!answer.Succeeded)
        {
            throw ExchangeHttp.Refused(answer, Exchange, ExchangeHttp.Describe(request), feedbackKey, subscriptionKey, _options.FetchKey);
        }
    }

    /// <summary>The page, or null when StopNCII refused the page token (the run is then asked again from its start).</summary>
    private async Task<StopNciiFetchPage?> FetchHashesAsync(long start, string? token, string fetchKey, string subscriptionKey, CancellationToken cancellationToken)
    {
        var url = $"{_base}/FetchHashes?startTimestamp={start.ToString(CultureInfo.InvariantCulture)}&pageSize={PageSize}"
            + (token is null ? "" : "&nextPageToken=" + Uri.EscapeDataString(token));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        Sign(request, fetchKey, subscriptionKey);
        var answer = await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken);
        if (!answer.Succeeded)
        {
            if (token is not null && answer.Status is 400 or 404 or 410)
            {
                return null;
            }

            throw ExchangeHttp.Refused(answer, Exchange, ExchangeHttp.Describe(request), fetchKey, subscriptionKey);
        }

        return StopNciiJson.Parse(answer.Body);
    }

    private static List<ExchangeRecord> Records(IReadOnlyList<StopNciiHashRecord> hashes)
    {
        var records = new List<ExchangeRecord>(hashes.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var hash in hashes)
        {
            SignalType? type = hash.SignalType switch
            {
                "ImagePDQ" => SignalType.Pdq,
                "VideoMD5" => SignalType.Md5,
                _ => null,
            };
            if (type is not { } known || ExchangeSignals.From(known, hash.HashValue) is not { } signal)
            {
                continue;
            }

            var key = $"{hash.SignalType}:{signal.Value}";
            var deleted = hash.HashStatus is "Withdrawn" or "Deleted";
            var record = new ExchangeRecord(key, deleted ? [] : [signal], Provenance(signal.Value, hash));
            if (index.TryGetValue(key, out var earlier))
            {
                records[earlier] = record;
            }
            else
            {
                index[key] = records.Count;
                records.Add(record);
            }
        }

        return records;
    }

    private static ExchangeProvenance Provenance(string hash, StopNciiHashRecord record)
    {
        var tags = record.Feedbacks.SelectMany(f => f.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var opinions = record.Feedbacks
            .Take(MaxOpinions)
            .Select(f => $"{f.Value}{(f.Source.Length == 0 ? "" : " by " + f.Source)}{(f.Tags.Count == 0 ? "" : ": " + string.Join(", ", f.Tags))}")
            .ToList();
        if (record.Feedbacks.Count > MaxOpinions)
        {
            opinions.Add($"and {record.Feedbacks.Count - MaxOpinions} more feedbacks");
        }

        return new ExchangeProvenance(hash, null, tags.Count == 0 ? null : string.Join(", ", tags), opinions);
    }

    private (string FetchKey, string SubscriptionKey) Keys() =>
        _options is { FetchKey: { } fetch, SubscriptionKey: { } subscription }
            ? (fetch, subscription)
            : throw new ExchangeException(ExchangeError.Unauthorized, "No credentials are stored for this StopNCII exchange: set 'fetch_function_key' and 'subscription_key'.");

    private static void Sign(HttpRequestMessage request, string functionKey, string subscriptionKey)
    {
        request.Headers.Add("x-functions-key", functionKey);
        request.Headers.Add("Ocp-Apim-Subscription-Key", subscriptionKey);
        request.Headers.Accept.ParseAdd("application/json");
    }
}
