using System.Globalization;
using Aegis.Exchanges.Http;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.ThreatExchange;

/// <summary>
/// A client of one ThreatExchange privacy group's <c>/threat_updates</c>. A run asks <c>GET
/// {base}/{privacy_group}/threat_updates/?access_token=&amp;limit=100&amp;fields=...&amp;start_time=</c> and follows
/// <c>paging.next</c> as given, one page a call; the newest <c>last_updated</c> seen is the next run's
/// <c>start_time</c>. The field list asks descriptors for their <c>id</c> too (python-threatexchange reads it without
/// asking, relying on Graph's default). The stored paging link has its <c>access_token</c> taken out (the token is
/// put back at each call), so no credential is ever in a checkpoint. A link over an hour old, or one Graph refuses,
/// restarts the run from its <c>start_time</c>. A checkpoint unused for 85 days is stale
/// (<see cref="ExchangeError.CheckpointExpired"/>: fetch from the beginning), as ThreatExchange keeps deletions 90 days.
/// <para>
/// Records: key <c>"{type}:{indicator}"</c>; <c>HASH_PDQ</c> is PDQ, <c>HASH_MD5</c> and <c>HASH_VIDEO_MD5</c> MD5
/// (python-threatexchange keeps <c>HASH_MD5</c> only when tagged <c>media_type_video</c>: Aegis matches the MD5 of any
/// file, and the tags stay the category), <c>HASH_SHA256</c> and <c>HASH_VIDEO_SHA256</c> SHA-256. A tombstone
/// (<c>should_delete</c>, or no descriptors) is a deletion, and so is an update with no owned descriptor. Owners are the
/// member; each descriptor's status and tags and each reaction are opinions.
/// </para>
/// <para>
/// Feedback reacts to the indicator's descriptors of other members (<c>POST /{descriptor}/</c>, <c>reactions</c>):
/// <c>HELPFUL</c> for a confirmed match, <c>DISAGREE_WITH_TAGS</c> for a dismissed one (what python-threatexchange
/// reads back as a positive and a negative opinion); their ids come from <c>GET /{indicator}?fields=descriptors</c>.
/// </para>
/// </summary>
public sealed class ThreatExchangeClient : IExchangeClient
{
    /// <summary>The page size asked for, as python-threatexchange asks.</summary>
    public const int PageSize = 100;

    /// <summary>The fields asked for each update.</summary>
    public const string Fields = "id,indicator,type,last_updated,should_delete,descriptors{id,reactions,my_reactions,owner{id},tags,status,added_on}";

    /// <summary>The most a page may hold.</summary>
    internal const long DefaultMaxPageBytes = 32L << 20;

    /// <summary>A paging link older than this is not used.</summary>
    internal static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);

    /// <summary>A checkpoint unused for this long is stale (ThreatExchange keeps deletions 90 days).</summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromDays(85);

    private const string Exchange = "ThreatExchange";
    private const int MaxOpinions = 32;

    private readonly Uri _base;
    private readonly long _privacyGroup;
    private readonly string? _token;
    private readonly string? _appId;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    internal ThreatExchangeClient(Uri baseUrl, long privacyGroup, string? token, HttpClient http, TimeProvider time)
    {
        _base = baseUrl;
        _privacyGroup = privacyGroup;
        _token = token?.Replace("%7C", "|", StringComparison.OrdinalIgnoreCase);
        _appId = _token?[.._token.IndexOf('|', StringComparison.Ordinal)];
        _http = http;
        _time = time;
    }

    /// <summary>The largest answer read (bytes); a longer one is <see cref="ExchangeError.BadResponse"/>.</summary>
    internal long MaxPageBytes { get; init; } = DefaultMaxPageBytes;

    /// <inheritdoc />
    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        var token = Token();
        var at = CheckpointJson.Read<ThreatExchangeCheckpoint>(checkpoint, Exchange);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (at is not null && now - at.FetchedAt > (long)StaleAfter.TotalSeconds)
        {
            throw new ExchangeException(
                ExchangeError.CheckpointExpired,
                $"The ThreatExchange checkpoint was last used {TimeSpan.FromSeconds(now - at.FetchedAt).TotalDays:0} days ago; ThreatExchange keeps deletions 90 days: fetch again from the beginning.");
        }

        var start = at?.UpdateTime;
        ThreatUpdatesPage? page = null;
        var high = at?.High ?? start ?? 0;
        if (at is { Next: { } link, NextAt: { } linkAt } && now - linkAt <= (long)LinkLifetime.TotalSeconds)
        {
            page = await UpdatesAsync(WithToken(link, token), token, pagingLink: true, cancellationToken);
        }

        if (page is null)
        {
            high = start ?? 0;
            var first = $"{_base.AbsoluteUri}/{_privacyGroup.ToString(CultureInfo.InvariantCulture)}/threat_updates/?access_token={Uri.EscapeDataString(token)}"
                + (start is { } s ? $"&start_time={s.ToString(CultureInfo.InvariantCulture)}" : "")
                + $"&limit={PageSize}&fields={Uri.EscapeDataString(Fields)}";
            page = (await UpdatesAsync(first, token, pagingLink: false, cancellationToken))!;
        }

        if (page.Updates.Count > 0)
        {
            high = Math.Max(high, page.Updates.Max(u => u.LastUpdated));
        }

        ThreatExchangeCheckpoint next;
        if (page.Next is { } more)
        {
            next = new ThreatExchangeCheckpoint(now, start, WithoutToken(more), now, high);
        }
        else
        {
            next = new ThreatExchangeCheckpoint(now, high > 0 ? high : start);
        }

        return new ExchangePage(Records(page.Updates), CheckpointJson.Write(next), page.Next is not null, high > 0 ? DateTimeOffset.FromUnixTimeSeconds(high) : null);
    }

    /// <summary>Reacts <c>HELPFUL</c> (confirmed) or <c>DISAGREE_WITH_TAGS</c> (dismissed) to each other member's descriptor of the indicator.</summary>
    public async Task SendFeedbackAsync(ExchangeFeedback feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var token = Token();
        var indicator = feedback.Provenance.EntryId;
        if (indicator.Length == 0 || !indicator.All(char.IsAsciiDigit))
        {
            throw new ExchangeException(ExchangeError.NotSupported, $"'{ExchangeFields.Shorten(indicator)}' is not a ThreatExchange indicator id.");
        }

        var reaction = feedback.Verdict == ExchangeVerdict.Confirmed ? "HELPFUL" : "DISAGREE_WITH_TAGS";
        using var lookup = new HttpRequestMessage(HttpMethod.Get, $"{_base.AbsoluteUri}/{indicator}?fields={Uri.EscapeDataString("descriptors{id,owner{id}}")}&access_token={Uri.EscapeDataString(token)}");
        var answer = await SendAsync(lookup, token, cancellationToken);
        var descriptors = ThreatExchangeJson.ParseDescriptorOwners(answer.Body);
        foreach (var (descriptor, _) in descriptors.Where(d => d.Owner != _appId))
        {
            if (!descriptor.All(char.IsAsciiDigit))
            {
                continue;
            }

            using var react = new HttpRequestMessage(HttpMethod.Post, $"{_base.AbsoluteUri}/{descriptor}/")
            {
                Content = new FormUrlEncodedContent([new("access_token", token), new("reactions", reaction)]),
            };
            await SendAsync(react, token, cancellationToken);
        }
    }

    /// <summary>The page, or null when Graph refused a paging link (the run is then asked again from its start).</summary>
    private async Task<ThreatUpdatesPage?> UpdatesAsync(string url, string token, bool pagingLink, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        var answer = await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken);
        if (!answer.Succeeded)
        {
            var (code, _) = ThreatExchangeJson.ParseError(answer.Body);
            if (pagingLink && answer.Status == 400 && code is not (190 or 102 or 10 or >= 200 and < 300))
            {
                return null;
            }

            throw Refused(answer, ExchangeHttp.Describe(request), token);
        }

        var page = ThreatExchangeJson.ParseUpdates(answer.Body);
        if (page.Next is { } next)
        {
            if (!Uri.TryCreate(next, UriKind.Absolute, out var link) || !ExchangeHttp.SameOrigin(link, _base))
            {
                throw new ExchangeException(ExchangeError.BadResponse, $"ThreatExchange's paging link is not on {_base.Host}; the page is not applied.");
            }

            if (WithoutToken(next) == WithoutToken(url))
            {
                throw new ExchangeException(ExchangeError.BadResponse, "ThreatExchange's paging link is the page just read; the page is not applied.");
            }
        }

        return page;
    }

    private async Task<ExchangeAnswer> SendAsync(HttpRequestMessage request, string token, CancellationToken cancellationToken)
    {
        request.Headers.Accept.ParseAdd("application/json");
        var answer = await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken);
        return answer.Succeeded ? answer : throw Refused(answer, ExchangeHttp.Describe(request), token);
    }

    /// <summary>Graph's errors: 190 (token), 102 (session), 10 and 2xx (permission) are the credentials; the rest by HTTP status.</summary>
    private static ExchangeException Refused(ExchangeAnswer answer, string call, string token)
    {
        var (code, message) = ThreatExchangeJson.ParseError(answer.Body);
        if (code is 190 or 102 or 10 or >= 200 and < 300)
        {
            return new ExchangeException(
                ExchangeError.Unauthorized,
                $"ThreatExchange refused the token on {call} (HTTP {answer.Status}, Graph error {code}): {ExchangeHttp.Snippet(message ?? "", [token, token.Replace("|", "%7C", StringComparison.Ordinal)])}");
        }

        return ExchangeHttp.Refused(answer, Exchange, call, token, token.Replace("|", "%7C", StringComparison.Ordinal));
    }

    private List<ExchangeRecord> Records(IReadOnlyList<ThreatUpdate> updates)
    {
        var records = new List<ExchangeRecord>(updates.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var update in updates)
        {
            SignalType? type = update.Type switch
            {
                "HASH_PDQ" => SignalType.Pdq,
                "HASH_MD5" or "HASH_VIDEO_MD5" => SignalType.Md5,
                "HASH_SHA256" or "HASH_VIDEO_SHA256" => SignalType.Sha256,
                _ => null,
            };
            if (type is not { } known)
            {
                continue;
            }

            var signal = ExchangeSignals.From(known, update.Indicator);
            var key = $"{update.Type}:{signal?.Value ?? update.Indicator.Trim().ToLowerInvariant()}";
            if (key.Length > 256)
            {
                continue;
            }

            var live = !update.Tombstone && update.Descriptors.Count > 0 && signal is not null;
            var record = new ExchangeRecord(key, live ? [signal!] : [], Provenance(update));
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

    private ExchangeProvenance Provenance(ThreatUpdate update)
    {
        var owners = update.Descriptors.Select(d => d.Owner).Distinct(StringComparer.Ordinal).ToList();
        var tags = update.Descriptors.SelectMany(d => d.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var opinions = new List<string>();
        foreach (var descriptor in update.Descriptors)
        {
            opinions.Add($"{descriptor.Status ?? "UNKNOWN"} by {App(descriptor.Owner)}{(descriptor.Tags.Count == 0 ? "" : ": " + string.Join(", ", descriptor.Tags))}");
            opinions.AddRange(descriptor.Reactions.Select(r => $"{r.Reaction} by {App(r.App)}"));
        }

        var shown = opinions.Count > MaxOpinions ? [.. opinions.Take(MaxOpinions), $"and {opinions.Count - MaxOpinions} more opinions"] : opinions;
        return new ExchangeProvenance(
            update.Id,
            owners.Count == 0 ? null : string.Join(", ", owners.Take(8).Select(App)) + (owners.Count > 8 ? $" and {owners.Count - 8} more" : ""),
            tags.Count == 0 ? null : string.Join(", ", tags),
            shown);
    }

    private string App(string id) => id == _appId ? $"app {id} (this app)" : $"app {id}";

    private string Token() =>
        _token ?? throw new ExchangeException(ExchangeError.Unauthorized, "No credentials are stored for this ThreatExchange exchange: set 'api_token'.");

    /// <summary>The link with its <c>access_token</c> parameter taken out (what is stored).</summary>
    private static string WithoutToken(string url)
    {
        var mark = url.IndexOf('?', StringComparison.Ordinal);
        if (mark < 0)
        {
            return url;
        }

        var kept = url[(mark + 1)..].Split('&').Where(p => !p.StartsWith("access_token=", StringComparison.Ordinal) && p.Length > 0);
        return url[..mark] + "?" + string.Join('&', kept);
    }

    /// <summary>The stored link with the token put back.</summary>
    private string WithToken(string url, string token)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var link) || !ExchangeHttp.SameOrigin(link, _base))
        {
            throw new ExchangeException(ExchangeError.CheckpointExpired, $"The stored ThreatExchange paging link is not on {_base.Host}; fetch again from the beginning.");
        }

        return url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "access_token=" + Uri.EscapeDataString(token);
    }
}
