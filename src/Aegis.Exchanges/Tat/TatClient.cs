using System.Globalization;
using System.Net.Http.Headers;
using Aegis.Exchanges.Http;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.Tat;

/// <summary>
/// A client of Tech Against Terrorism's hash list (<c>GET {base}api/hash-list/v2/all?order=asc&amp;after=</c>, bearer
/// token from <c>POST {base}token-auth/tcap/</c>).
/// <para>
/// Paging: every page is asked <c>after</c> the previous page's <c>checkpoint</c> (the <c>updated_on,id</c> of its last
/// entry), and <c>next</c> only says whether there is more. python-threatexchange keeps <c>after</c> fixed for a run
/// and follows <c>next</c>, an offset: an entry updated during the run moves to the end of the ascending order and
/// shifts every later entry back by one, so the entry after it is skipped, for good, as the next run starts after the
/// run's last checkpoint. Asking after the last checkpoint cannot skip. A page that says there is more but whose
/// checkpoint does not move is <see cref="ExchangeError.BadResponse"/> (it would be asked for ever).
/// </para>
/// <para>
/// Sign-in: python-threatexchange signs in before every page. This client keeps the token in memory (never in the
/// checkpoint) and signs in again only when the list refuses it (401/403), asking the page once more; a token just
/// given and refused is <see cref="ExchangeError.Unauthorized"/>.
/// </para>
/// <para>
/// Records: key the entry's <c>id</c>; <c>PDQ</c> is PDQ, <c>MD5</c> is MD5 for every file type (python-threatexchange
/// keeps MD5 for video types only: Aegis matches the MD5 of any file), other algorithms are not held; <c>deleted</c>
/// is a deletion, and so is an entry whose digest is not a hash of its algorithm. The ideology is the category, the
/// file type an opinion (<c>file type: mp4</c>).
/// </para>
/// </summary>
public sealed class TatClient : IExchangeClient
{
    /// <summary>The most a page may hold.</summary>
    internal const long DefaultMaxPageBytes = 32L << 20;

    private const string Exchange = "Tech Against Terrorism";

    private readonly Uri _base;
    private readonly string? _username;
    private readonly string? _password;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private string? _token;

    internal TatClient(Uri baseUrl, string? username, string? password, HttpClient http, TimeProvider time)
    {
        _base = baseUrl;
        _username = username;
        _password = password;
        _http = http;
        _time = time;
    }

    /// <summary>The largest answer read (bytes); a longer one is <see cref="ExchangeError.BadResponse"/>.</summary>
    internal long MaxPageBytes { get; init; } = DefaultMaxPageBytes;

    /// <inheritdoc />
    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        if (_username is null || _password is null)
        {
            throw new ExchangeException(ExchangeError.Unauthorized, "No credentials are stored for this Tech Against Terrorism exchange: set 'username' and 'password'.");
        }

        var after = CheckpointJson.Read<TatCheckpoint>(checkpoint, Exchange)?.After ?? "";
        var token = Volatile.Read(ref _token);
        var fresh = token is null;
        token ??= await SignInAsync(cancellationToken);
        var answer = await ListAsync(after, token, cancellationToken);
        if (answer.Status is 401 or 403 && !fresh)
        {
            token = await SignInAsync(cancellationToken);
            answer = await ListAsync(after, token, cancellationToken);
        }

        if (!answer.Succeeded)
        {
            throw ExchangeHttp.Refused(answer, Exchange, "GET /api/hash-list/v2/all", token, _password);
        }

        var page = TatJson.ParsePage(answer.Body);
        var next = string.IsNullOrEmpty(page.Checkpoint) ? after : page.Checkpoint;
        var more = !string.IsNullOrEmpty(page.Next);
        if (more && next == after)
        {
            throw new ExchangeException(ExchangeError.BadResponse, $"Tech Against Terrorism's hash list says it has more after '{ExchangeFields.Shorten(after)}' but its checkpoint did not move; the page is not applied.");
        }

        return new ExchangePage(Records(page.Entries), CheckpointJson.Write(new TatCheckpoint(next)), more, Progress(next));
    }

    /// <summary>The hash list takes no feedback.</summary>
    public Task SendFeedbackAsync(ExchangeFeedback feedback, CancellationToken cancellationToken) =>
        throw new ExchangeException(ExchangeError.NotSupported, "Tech Against Terrorism's hash list takes no feedback.");

    private async Task<ExchangeAnswer> ListAsync(string after, string token, CancellationToken cancellationToken)
    {
        var url = new Uri(_base, "api/hash-list/v2/all?order=asc&after=" + Uri.EscapeDataString(after));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        return await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken);
    }

    private async Task<string> SignInAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, "token-auth/tcap/"))
        {
            Content = new FormUrlEncodedContent([new("username", _username!), new("password", _password!), new("resend", "False")]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        var answer = await ExchangeHttp.SendAsync(_http, request, Exchange, MaxPageBytes, _time, cancellationToken);
        if (answer.Status is 400 or 401 or 403)
        {
            // TCAP's sign-in answers 400 to wrong credentials (as Django REST framework's token views do)
            throw new ExchangeException(ExchangeError.Unauthorized, $"Tech Against Terrorism refused the sign-in (HTTP {answer.Status}): {ExchangeHttp.Snippet(answer.Text, [_password])}");
        }

        if (!answer.Succeeded)
        {
            throw ExchangeHttp.Refused(answer, Exchange, ExchangeHttp.Describe(request), _password);
        }

        var token = TatJson.ParseToken(answer.Body)
            ?? throw new ExchangeException(ExchangeError.BadResponse, "Tech Against Terrorism's sign-in answer holds no token.");
        Volatile.Write(ref _token, token);
        return token;
    }

    private static List<ExchangeRecord> Records(IReadOnlyList<TatEntry> entries)
    {
        var records = new List<ExchangeRecord>(entries.Count);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            SignalType? type = entry.Algorithm.ToUpperInvariant() switch
            {
                "PDQ" => SignalType.Pdq,
                "MD5" => SignalType.Md5,
                _ => null,
            };
            if (type is not { } known)
            {
                continue;
            }

            var key = entry.Id.ToString(CultureInfo.InvariantCulture);
            var signal = entry.Deleted ? null : ExchangeSignals.From(known, entry.HashDigest);
            var provenance = new ExchangeProvenance(
                key, null, string.IsNullOrEmpty(entry.Ideology) ? null : entry.Ideology,
                string.IsNullOrEmpty(entry.FileType) ? [] : ["file type: " + entry.FileType]);
            var record = new ExchangeRecord(key, signal is null ? [] : [signal], provenance);
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

    /// <summary>The unix time before the checkpoint's comma (<c>1724856487.709035,10594</c>), when there is one.</summary>
    private static DateTimeOffset? Progress(string checkpoint)
    {
        var comma = checkpoint.IndexOf(',', StringComparison.Ordinal);
        return double.TryParse(comma < 0 ? checkpoint : checkpoint[..comma], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds((long)seconds)
                : null;
    }
}
