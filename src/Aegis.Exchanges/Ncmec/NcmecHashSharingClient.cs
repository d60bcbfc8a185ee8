using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Aegis.Exchanges.Http;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.Ncmec;

/// <summary>
/// A client of one NCMEC hash sharing exchange. It reads <c>GET {environment}/v2/entries?from=&amp;to=</c> one time
/// window at a time and follows the window's <c>paging/next</c> links, one page a call; the window and the paging link
/// are its checkpoint. Timestamps are UTC (python-threatexchange formats the unix time in the host's local zone with
/// a literal <c>Z</c>, which is wrong off UTC). A window ends 5 s before now, as NCMEC's entries are not in time order
/// and the newest second may still be filling.
/// <para>
/// Windows adapt as python-threatexchange's do, simpler: the first window runs up to now; when its first page
/// promises more than <see cref="DefaultMaxWindowEntries"/> entries (from the <c>start</c> and <c>max</c> of its
/// <c>next</c> link) the window is cut to a quarter, down to a minute, and asked again; a window done in one page doubles
/// the next. A paging link is used for 12 hours at most (NCMEC asks that they are not kept); an older one, or one NCMEC
/// refuses, restarts its window from the first page: the window's records are replaced again, nothing is lost.
/// </para>
/// <para>
/// Records: key <c>"{member}-{id}"</c>; signals are every fingerprint Aegis matches: <c>md5</c> for images and videos
/// alike (python-threatexchange keeps MD5 for videos only: Aegis matches the MD5 of any file), <c>pdq</c> and
/// <c>sha256</c>; PhotoDNA, SHA-1, TMK and the like are left out. A live entry with none of those is passed on with no
/// signals, so an entry that loses its last matchable fingerprint is disabled. Classification is the category; members'
/// up and down votes are the opinions. <c>only_esp_ids</c> keeps only those members' entries.
/// </para>
/// </summary>
public sealed class NcmecHashSharingClient : IExchangeClient
{
    /// <summary>A window whose first page promises more entries than this is cut (python-threatexchange: 400,000 / 4).</summary>
    public const int DefaultMaxWindowEntries = 100_000;

    /// <summary>The most an answer may hold: a page is 1,000 entries, a few megabytes with its votes.</summary>
    internal const long DefaultMaxPageBytes = 64L << 20;

    /// <summary>How long a paging link is trusted.</summary>
    internal static readonly TimeSpan PagingLifetime = TimeSpan.FromHours(12);

    private const string Exchange = "NCMEC";
    private const long EndLagSeconds = 5;
    private const long MinSpanSeconds = 60;
    private const long MaxSpanSeconds = 1L << 40;
    private const int MaxCutsPerCall = 12;
    private const int MaxOpinions = 32;

    private readonly NcmecOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly string _base;
    private readonly AuthenticationHeaderValue? _authorization;

    internal NcmecHashSharingClient(NcmecOptions options, HttpClient http, TimeProvider time)
    {
        _options = options;
        _http = http;
        _time = time;
        _base = options.Environment.AbsoluteUri.TrimEnd('/');
        _authorization = options.User is null
            ? null
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.User + ":" + options.Password)));
    }

    /// <summary>The largest answer read (bytes); a longer one is <see cref="ExchangeError.BadResponse"/>.</summary>
    internal long MaxPageBytes { get; init; } = DefaultMaxPageBytes;

    /// <summary>A window whose first page promises more entries is cut (tests make it small).</summary>
    internal int MaxWindowEntries { get; init; } = DefaultMaxWindowEntries;

    /// <inheritdoc />
    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        var authorization = Authorization();
        var at = CheckpointJson.Read<NcmecCheckpoint>(checkpoint, Exchange) ?? new NcmecCheckpoint(0, 0);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var end = now - EndLagSeconds;
        if (at is { Next: { } next, To: { } to })
        {
            if (at.PagedAt is { } pagedAt && now - pagedAt <= (long)PagingLifetime.TotalSeconds)
            {
                var page = await GetEntriesAsync(PagingUrl(next), authorization, pagingLink: true, cancellationToken);
                if (page is not null)
                {
                    return Page(page, at.From, to, at.Span, now, end, firstOfWindow: false);
                }
            }

            return await WindowAsync(at.From, to, at.Span, now, end, authorization, cancellationToken);
        }

        if (at.From >= end)
        {
            return new ExchangePage([], CheckpointJson.Write(at), false, DateTimeOffset.FromUnixTimeSeconds(at.From));
        }

        return await WindowAsync(at.From, null, at.Span, now, end, authorization, cancellationToken);
    }

    /// <summary>
    /// Sends the reviewer's verdict on one fingerprint of an entry: <c>PUT {environment}/v2/entries/{esp}/{id}/{type}/feedback</c>
    /// with <c>affirmative</c> (confirmed) or <c>negative</c> and a reason (dismissed). The reason is
    /// <see cref="ExchangeFeedback.Reason"/> when it is a GUID; else NCMEC's reason with that name, or NCMEC's only
    /// reason when none is named (<see cref="GetFeedbackReasonsAsync"/>); with several and none chosen the feedback is
    /// <see cref="ExchangeError.NotSupported"/>, as Aegis will not pick one for the reviewer. NCMEC takes feedback on MD5
    /// and PDQ fingerprints; a SHA-256 match has none.
    /// </summary>
    public async Task SendFeedbackAsync(ExchangeFeedback feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        var authorization = Authorization();
        var type = FingerprintType(feedback.Signal.Type);
        var esp = EspId(feedback.Provenance.Member)
            ?? throw new ExchangeException(ExchangeError.NotSupported, $"The record names no NCMEC member ('{feedback.Provenance.Member}'): NCMEC's feedback is addressed by member and entry.");
        string? reasonGuid = null;
        if (feedback.Verdict == ExchangeVerdict.Dismissed)
        {
            reasonGuid = await ReasonAsync(type, feedback.Reason, authorization, cancellationToken);
        }

        var url = $"{_base}/v2/entries/{esp.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(feedback.Provenance.EntryId)}/{type}/feedback";
        using var request = new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = new StringContent(NcmecXml.Feedback(reasonGuid), new UTF8Encoding(false), "application/xml"),
        };
        request.Headers.Authorization = authorization;
        var answer = await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken);
        if (!answer.Succeeded)
        {
            throw ExchangeHttp.Refused(answer, Exchange, ExchangeHttp.Describe(request), _options.Password);
        }
    }

    /// <summary>NCMEC's reasons for negative feedback on <paramref name="type"/> fingerprints (<c>GET /v2/feedback/{type}/reasons</c>).</summary>
    /// <exception cref="ExchangeException">NCMEC refused or failed the call; <see cref="ExchangeError.NotSupported"/> for a type NCMEC takes no feedback on.</exception>
    public Task<IReadOnlyList<NcmecFeedbackReason>> GetFeedbackReasonsAsync(SignalType type, CancellationToken cancellationToken) =>
        ReasonsAsync(FingerprintType(type), Authorization(), cancellationToken);

    private async Task<ExchangePage> WindowAsync(
        long from, long? fixedTo, long span, long now, long end, AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
    {
        for (var cuts = 0; ; cuts++)
        {
            var to = fixedTo ?? (span > 0 ? Math.Min(from + span, end) : end);
            var url = $"{_base}/v2/entries?from={Timestamp(from)}&to={Timestamp(to)}";
            var page = (await GetEntriesAsync(url, authorization, pagingLink: false, cancellationToken))!;
            var length = to - from;
            if (fixedTo is null && page.Next is not null && length > MinSpanSeconds && cuts < MaxCutsPerCall && Estimate(page) > MaxWindowEntries)
            {
                span = Math.Max(MinSpanSeconds, length / 4);
                continue;
            }

            return Page(page, from, to, span, now, end, firstOfWindow: true);
        }
    }

    private ExchangePage Page(NcmecEntriesPage page, long from, long to, long span, long now, long end, bool firstOfWindow)
    {
        var records = Records(page.Entries);
        if (page.Next is not null)
        {
            var inWindow = new NcmecCheckpoint(from, span, to, page.Next, now);
            return new ExchangePage(records, CheckpointJson.Write(inWindow), true, DateTimeOffset.FromUnixTimeSeconds(from));
        }

        var grown = firstOfWindow && span > 0 ? Math.Min(span * 2, MaxSpanSeconds) : span;
        var done = new NcmecCheckpoint(to, grown);
        return new ExchangePage(records, CheckpointJson.Write(done), to < end, DateTimeOffset.FromUnixTimeSeconds(to));
    }

    /// <summary>The page, or null when NCMEC refused a paging link (the window is then asked again from its start).</summary>
    private async Task<NcmecEntriesPage?> GetEntriesAsync(string url, AuthenticationHeaderValue authorization, bool pagingLink, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        request.Headers.Accept.ParseAdd("application/xml");
        var answer = await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken);
        var call = ExchangeHttp.Describe(request);
        if (!answer.Succeeded)
        {
            if (pagingLink && answer.Status is 400 or 404 or 410)
            {
                return null;
            }

            throw ExchangeHttp.Refused(answer, Exchange, call, _options.Password);
        }

        return NcmecXml.ParseEntries(SafeXml.Parse(answer.Body, $"NCMEC's answer to {call}"));
    }

    private async Task<string> ReasonAsync(string type, string? reason, AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(reason, out var guid))
        {
            return guid.ToString("D");
        }

        var reasons = await ReasonsAsync(type, authorization, cancellationToken);
        var chosen = reason is null
            ? reasons.Count == 1 ? reasons[0] : null
            : reasons.FirstOrDefault(r => string.Equals(r.Name, reason.Trim(), StringComparison.OrdinalIgnoreCase));
        if (chosen is null)
        {
            var names = reasons.Count == 0 ? "it lists none" : "one of: " + string.Join("; ", reasons.Select(r => r.Name));
            var given = reason is null ? "none was given" : $"'{ExchangeFields.Shorten(reason)}' is not one of them";
            throw new ExchangeException(ExchangeError.NotSupported, $"NCMEC takes negative {type} feedback with a reason ({names}); {given}.");
        }

        return chosen.Guid;
    }

    private async Task<IReadOnlyList<NcmecFeedbackReason>> ReasonsAsync(string type, AuthenticationHeaderValue authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_base}/v2/feedback/{type}/reasons");
        request.Headers.Authorization = authorization;
        request.Headers.Accept.ParseAdd("application/xml");
        var answer = await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken);
        var call = ExchangeHttp.Describe(request);
        if (!answer.Succeeded)
        {
            throw ExchangeHttp.Refused(answer, Exchange, call, _options.Password);
        }

        return NcmecXml.ParseReasons(SafeXml.Parse(answer.Body, $"NCMEC's answer to {call}"));
    }

    private List<ExchangeRecord> Records(IReadOnlyList<NcmecEntry> entries)
    {
        var records = new List<ExchangeRecord>(entries.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (_options.OnlyEspIds.Count > 0 && !_options.OnlyEspIds.Contains(entry.MemberId))
            {
                continue;
            }

            var key = $"{entry.MemberId.ToString(CultureInfo.InvariantCulture)}-{entry.Id}";
            if (key.Length > 256)
            {
                continue;
            }

            var record = new ExchangeRecord(key, entry.Deleted ? [] : Signals(entry.Fingerprints), Provenance(entry));
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

    private static List<ExchangeSignal> Signals(IReadOnlyDictionary<string, string> fingerprints)
    {
        var signals = new List<ExchangeSignal>();
        foreach (var (name, value) in fingerprints)
        {
            SignalType? type = name.ToLowerInvariant() switch
            {
                "md5" => SignalType.Md5,
                "pdq" => SignalType.Pdq,
                "sha256" => SignalType.Sha256,
                _ => null,
            };
            if (type is { } known && ExchangeSignals.From(known, value) is { } signal && !signals.Contains(signal))
            {
                signals.Add(signal);
            }
        }

        return signals;
    }

    private static ExchangeProvenance Provenance(NcmecEntry entry)
    {
        var opinions = entry.Votes
            .Take(MaxOpinions)
            .Select(v => $"{(v.Affirmative ? "up" : "down")} {v.Type} by {Member(v.MemberId, v.MemberName)}{(v.Reason is null ? "" : ": " + v.Reason)}")
            .ToList();
        if (entry.Votes.Count > MaxOpinions)
        {
            opinions.Add($"and {entry.Votes.Count - MaxOpinions} more votes");
        }

        return new ExchangeProvenance(entry.Id, Member(entry.MemberId, entry.MemberName), entry.Classification, opinions);
    }

    /// <summary>"42: Example Member": the ESP id first, as feedback reads it back (<see cref="EspId"/>).</summary>
    private static string Member(long id, string? name) =>
        name is null ? id.ToString(CultureInfo.InvariantCulture) : $"{id.ToString(CultureInfo.InvariantCulture)}: {name}";

    private static long? EspId(string? member)
    {
        var digits = member.AsSpan();
        var colon = digits.IndexOf(':');
        digits = colon < 0 ? digits : digits[..colon];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    private static string FingerprintType(SignalType type) => type switch
    {
        SignalType.Md5 => "MD5",
        SignalType.Pdq => "PDQ",
        _ => throw new ExchangeException(ExchangeError.NotSupported, $"NCMEC takes feedback on MD5 and PDQ fingerprints, not {type}."),
    };

    /// <summary>The entry count a window's first page promises: <c>max - start</c> of its next link, plus the page.</summary>
    private static long Estimate(NcmecEntriesPage page)
    {
        long? start = null, max = null;
        var query = page.Next!.AsSpan();
        var mark = query.IndexOf('?');
        foreach (var range in query[(mark + 1)..].Split('&'))
        {
            var pair = query[(mark + 1)..][range];
            var equals = pair.IndexOf('=');
            if (equals < 0 || !long.TryParse(pair[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            if (pair[..equals].SequenceEqual("start"))
            {
                start = value;
            }
            else if (pair[..equals].SequenceEqual("max"))
            {
                max = value;
            }
        }

        return start is { } s && max is { } m ? m - s + page.Entries.Count : page.Entries.Count + 1;
    }

    /// <summary>The URL of a paging link: a path under the environment (<c>/v2/entries?...</c>) or an absolute URL on its host.</summary>
    private string PagingUrl(string next)
    {
        if (next.StartsWith('/') && !next.StartsWith("//", StringComparison.Ordinal))
        {
            return _base + next;
        }

        return Uri.TryCreate(next, UriKind.Absolute, out var url) && ExchangeHttp.SameOrigin(url, _options.Environment)
            ? url.AbsoluteUri
            : throw new ExchangeException(ExchangeError.BadResponse, $"NCMEC's paging link is neither a path nor on {_options.Environment.Host}.");
    }

    private AuthenticationHeaderValue Authorization() =>
        _authorization ?? throw new ExchangeException(ExchangeError.Unauthorized, "No credentials are stored for this NCMEC exchange: set 'user' and 'password'.");

    private static string Timestamp(long unixSeconds) =>
        Uri.EscapeDataString(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
}
