using System.Globalization;
using System.Text.Json.Nodes;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Matching;
using Aegis.Server.Matching;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's index queries over Aegis's live matcher: a signal's matches, each reported as the matching bank entry's id
/// (<c>bank_content_id</c>) and HMA's distance string.
/// </summary>
internal sealed class HmaMatcher(MatcherHost host)
{
    /// <summary>
    /// The matches of one signal in every enabled bank. With <paramref name="raw"/> every match is kept (negative
    /// banks' and those they cancel, as HMA's <c>raw_lookup</c> reports everything the index holds); otherwise only the
    /// matches that count, as the native gate decides.
    /// </summary>
    public IReadOnlyList<BankMatch> Query(SignalType type, string signal, bool raw)
    {
        var value = HmaSignalTypes.Canonical(type, signal, out var reason)
            ?? throw new HmaException(StatusCodes.Status400BadRequest, "invalid signal: " + reason);
        var matcher = host.Matcher ?? throw new HmaException(StatusCodes.Status503ServiceUnavailable, "index not yet ready");
        var result = type switch
        {
            SignalType.Pdq => matcher.Match(PdqHash.Parse(value)),
            SignalType.Vpdq => matcher.MatchVideo(VpdqSignal.Parse(value)),
            _ => matcher.Match(null, Md5Hash.TryParse(value, out var md5) ? md5 : null),
        };
        return raw ? [.. result.Matches, .. result.Suppressed] : [.. result.Effective];
    }

    /// <summary>
    /// HMA's coin flip for one lookup (<c>blueprints/matching.py lookup</c>): a number in [0, 1) from Python's
    /// <c>random.Random(seed)</c>, the <c>seed</c> query parameter when given (so the same seed flips the same), else fresh;
    /// 0 with <paramref name="bypass"/>. A bank takes part in the lookup when its ratio is at least the flip.
    /// </summary>
    public static double CoinFlip(HttpRequest request, bool bypass) =>
        bypass ? 0 : request.Query.TryGetValue("seed", out var seed) && seed.Count > 0 ? new PythonRandom(seed[0] ?? "").NextDouble() : Random.Shared.NextDouble();

    /// <summary>The matches of the banks whose matching ratio is at least <paramref name="coinFlip"/> (one flip for every bank).</summary>
    public IEnumerable<BankMatch> Sample(IEnumerable<BankMatch> matches, double coinFlip) =>
        matches.Where(m => host.Matcher?.FindBank(m.Bank) is { } bank && bank.MatchingRatio >= coinFlip);

    /// <summary>HMA's lookup answer: bank name to <c>[{"bank_content_id": …, "distance": "…"}]</c>, banks sorted.</summary>
    /// <param name="matches">The matches.</param>
    /// <param name="banks">Only these banks, when given (HMA's <c>banks=</c>).</param>
    /// <param name="sources">The matched entries' sources: a match of an exchange's entry says where it came from.</param>
    public static JsonObject ByBank(IEnumerable<BankMatch> matches, IReadOnlyCollection<string>? banks, IReadOnlyDictionary<long, EntrySource>? sources = null)
    {
        var byBank = new JsonObject();
        foreach (var group in matches
            .Where(m => banks is null || banks.Contains(m.Bank))
            .GroupBy(m => m.Bank)
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            byBank[group.Key] = new JsonArray([.. group.Select(m => (JsonNode)WithDistance(m, sources?.GetValueOrDefault(m.EntryId)))]);
        }

        return byBank;
    }

    /// <summary>
    /// One match as HMA's <c>MatchWithDistance</c>. A match of an entry an exchange holds also says where it came from, as
    /// HMA's bank content gives its metadata: <c>"metadata": {"content_id": entry id, "json": {"exchange", "entry_id",
    /// "member", "category"}}</c> (HMA has no such field on a match; Aegis adds it, docs/hma.md).
    /// </summary>
    public static JsonObject WithDistance(BankMatch match, EntrySource? source = null)
    {
        var answer = new JsonObject
        {
            ["bank_content_id"] = match.EntryId,
            ["distance"] = Distance(match),
        };
        if (source is { Exchange: { } exchange })
        {
            var json = new JsonObject { ["exchange"] = exchange, ["entry_id"] = source.ExternalId };
            if (source.Member is { } member)
            {
                json["member"] = member;
            }

            if (source.Category is { } category)
            {
                json["category"] = category;
            }

            answer["metadata"] = new JsonObject { ["content_id"] = source.ExternalId, ["json"] = json };
        }

        return answer;
    }

    /// <summary>
    /// HMA's <c>similarity_info.pretty_str()</c>: the PDQ distance (<c>"9"</c>); for vPDQ the query and compared
    /// match percentages (<c>"100%[93%]"</c>); <c>"-"</c> for exact digests, which have no distance.
    /// </summary>
    public static string Distance(BankMatch match) => match switch
    {
        { Type: SignalType.Pdq } => match.Distance.ToString(CultureInfo.InvariantCulture),
        { Type: SignalType.Vpdq, Video: { } video } => $"{Percent(video.QueryPercent)}%[{Percent(video.CandidatePercent)}%]",
        _ => "-",
    };

    /// <summary>A percentage as Python's <c>f"{x:.0f}"</c> writes it (half to even).</summary>
    public static string Percent(double value) => Math.Round(value, MidpointRounding.ToEven).ToString("F0", CultureInfo.InvariantCulture);
}
