using System.Text.Json.Nodes;
using Aegis.Matching.Banks;
using Aegis.Server.Matching;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's matcher role: <c>/m/lookup</c> (GET by signal or URL, POST by upload), <c>/m/raw_lookup</c> and
/// <c>/m/index/status</c>. Matching is Aegis's live index: a bank write counts before its reply, so there is no index
/// build to wait for.
/// </summary>
internal sealed class HmaMatching(HmaMedia media, HmaMatcher matcher, MatcherHost host, Storage.BankStore store, TimeProvider time)
{
    /// <summary>
    /// <c>GET /m/lookup?signal_type=pdq&amp;signal=…</c>: bank name to matches. With <c>url=</c> the media is fetched and
    /// hashed first, and the answer is keyed by signal type (or is the <c>signal_type</c>'s part alone).
    /// </summary>
    public async Task<IResult> LookupAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // HMA's LookupRequest: every field a string but bypass_coinflip, which is checked and then not used on GET.
        var validation = new HmaValidation("LookupRequest");
        validation.Bool(HmaValidation.Query(request), "bypass_coinflip");
        validation.ThrowIfInvalid();
        var banks = HmaParse.List(HmaParse.Query(request, "banks"));
        var signalType = HmaParse.Query(request, "signal_type");
        if (HmaParse.Query(request, "url") is { } url)
        {
            var signals = await media.HashUrlAsync(url, HmaParse.Query(request, "content_type"), HmaParse.Query(request, "types"), cancellationToken);
            var bySignal = await LookupAllAsync(request, signals, banks, bypass: false, cancellationToken);
            return HmaJson.Json(signalType is null ? bySignal : bySignal[signalType]?.DeepClone() ?? new JsonObject());
        }

        if (HmaParse.Query(request, "signal") is not { } signal || signalType is null)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Either url or both signal and signal_type are required");
        }

        return HmaJson.Json(await LookupAsync(request, HmaSignalTypes.Require(signalType), signal, banks, bypass: false, cancellationToken));
    }

    /// <summary>
    /// <c>POST /m/lookup</c> with a multipart upload: signal type to bank name to matches. <c>bypass_coinflip=true</c>
    /// (exactly that, as HMA reads it here) lets every enabled bank take part whatever its ratio.
    /// </summary>
    public async Task<IResult> LookupUploadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await HmaMedia.ReadFormAsync(request, cancellationToken);
        var upload = await HmaMedia.FromFormAsync(form, cancellationToken);
        var signals = await media.HashAsync(upload, HmaParse.Query(request, "types"), cancellationToken);
        var bypass = request.Query.TryGetValue("bypass_coinflip", out var value) && value.Count > 0 && value[0] == "true";
        return HmaJson.Json(await LookupAllAsync(request, signals, HmaParse.List(HmaParse.Query(request, "banks")), bypass, cancellationToken));
    }

    /// <summary>
    /// <c>GET /m/raw_lookup</c>: <c>{"matches": [id, …]}</c>, or with <c>include_distance=true</c>
    /// <c>{"matches": [{"bank_content_id": …, "distance": "…"}]}</c>; negative banks' matches included.
    /// </summary>
    public IResult RawLookup(HttpRequest request)
    {
        var validation = new HmaValidation("RawLookupRequest");
        var query = HmaValidation.Query(request);
        var signal = validation.String(query, "signal", required: true);
        var signalType = validation.String(query, "signal_type", required: true);
        var withDistance = validation.Bool(query, "include_distance") ?? false;
        validation.ThrowIfInvalid();
        var type = HmaSignalTypes.Require(signalType!);
        var banks = HmaParse.List(HmaParse.Query(request, "banks"));
        var matches = matcher.Query(type, signal!, raw: true).Where(m => banks is null || banks.Contains(m.Bank));
        var list = new JsonArray([.. matches.Select(m => withDistance ? HmaMatcher.WithDistance(m) : (JsonNode)m.EntryId)]);
        return HmaJson.Json(new JsonObject { ["matches"] = list });
    }

    /// <summary>
    /// <c>GET /m/index/status</c>: per signal type <c>{"built_to": …, "present": …, "size": …}</c>. The index is live,
    /// so <c>built_to</c> is now once it is loaded; the size of <c>video_md5</c> is not tracked (-1).
    /// </summary>
    public IResult IndexStatus(HttpRequest request)
    {
        var only = HmaParse.Query(request, "signal_type");
        if (only is not null && HmaSignalTypes.Find(only) is null)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, $"No such signal type '{only}'");
        }

        var index = host.Matcher;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var status = new JsonObject();
        foreach (var name in HmaSignalTypes.All.Where(n => only is null || n == only))
        {
            long size = name switch
            {
                _ when index is null => 0,
                HmaSignalTypes.Pdq => index.PdqStats.Entries,
                HmaSignalTypes.Vpdq => index.VideoCount,
                _ => -1,
            };
            status[name] = new JsonObject { ["built_to"] = index is null ? -1 : now, ["present"] = index is not null, ["size"] = size };
        }

        return HmaJson.Json(status);
    }

    private async Task<JsonObject> LookupAllAsync(
        HttpRequest request, SortedDictionary<string, string> signals, IReadOnlyCollection<string>? banks, bool bypass, CancellationToken cancellationToken)
    {
        var bySignal = new JsonObject();
        foreach (var (name, value) in signals)
        {
            bySignal[name] = await LookupAsync(request, HmaSignalTypes.Require(name), value, banks, bypass, cancellationToken);
        }

        return bySignal;
    }

    /// <summary>
    /// One signal's matches by bank, each bank sampled by its ratio with one coin flip, as HMA's <c>lookup</c>; a match of
    /// an exchange's entry carries where it came from.
    /// </summary>
    private async Task<JsonObject> LookupAsync(
        HttpRequest request, SignalType type, string signal, IReadOnlyCollection<string>? banks, bool bypass, CancellationToken cancellationToken)
    {
        var matches = matcher.Sample(matcher.Query(type, signal, raw: false), HmaMatcher.CoinFlip(request, bypass)).ToList();
        return HmaMatcher.ByBank(matches, banks, await SourcesAsync(matches, cancellationToken));
    }

    /// <summary>The matched entries' sources (one query; none when nothing matched).</summary>
    private async Task<IReadOnlyDictionary<long, EntrySource>?> SourcesAsync(IReadOnlyList<Aegis.Matching.Matching.BankMatch> matches, CancellationToken cancellationToken) =>
        matches.Count == 0 ? null : await store.ReadSourcesAsync([.. matches.Select(m => m.EntryId)], cancellationToken);
}
