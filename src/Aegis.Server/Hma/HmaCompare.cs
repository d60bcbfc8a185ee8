using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Video;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// <c>POST /m/compare</c>: <c>{"pdq": [a, b]}</c> answered <c>{"pdq": [true, {"distance": 9}]}</c>, HMA's
/// <c>SignalComparisonResult</c> per signal type (PDQ matches within 31; MD5 when equal, with no distance; vPDQ when
/// either match percentage reaches 80).
/// </summary>
internal static class HmaCompare
{
    private const int PdqThreshold = 31;
    private const double VpdqThreshold = 80;

    public static async Task<IResult> CompareAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (await HmaJson.ReadBodyAsync(request, cancellationToken) is not JsonObject body)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Request input was not a dict");
        }

        var results = new JsonObject();
        foreach (var (name, hashes) in body)
        {
            var type = HmaSignalTypes.Require(name);
            if (hashes is not JsonArray pair)
            {
                throw new HmaException(StatusCodes.Status400BadRequest, $"Comparison hashes for {name} was not a list");
            }

            if (pair.Count != 2)
            {
                throw new HmaException(StatusCodes.Status400BadRequest, "Comparison hash list length must be exactly 2");
            }

            results[name] = Compare(type, Hash(type, name, pair[0]), Hash(type, name, pair[1]));
        }

        return HmaJson.Json(results);
    }

    private static JsonArray Compare(SignalType type, string a, string b)
    {
        switch (type)
        {
            case SignalType.Pdq:
                var distance = PdqHash.Parse(a).DistanceTo(PdqHash.Parse(b));
                return [distance <= PdqThreshold, new JsonObject { ["distance"] = distance }];
            case SignalType.Vpdq:
                var comparison = VpdqComparer.Compare(VpdqSignal.Parse(a), VpdqSignal.Parse(b));
                return
                [
                    Math.Max(comparison.QueryPercent, comparison.CandidatePercent) >= VpdqThreshold,
                    new JsonObject { ["compared_match_percent"] = comparison.CandidatePercent, ["query_match_percent"] = comparison.QueryPercent },
                ];
            default:
                return [Md5Hash.TryParse(a, out var x) && Md5Hash.TryParse(b, out var y) && x == y, new JsonObject()];
        }
    }

    private static string Hash(SignalType type, string name, JsonNode? node)
    {
        var text = node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        if (text is null)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, $"Invalid {name} hash: not a string");
        }

        return HmaSignalTypes.Canonical(type, text, out var reason)
            ?? throw new HmaException(StatusCodes.Status400BadRequest, $"Invalid {name} hash: {reason}");
    }
}
