using System.Text;
using System.Text.Json.Nodes;
using Aegis.Server.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Hma;

/// <summary>
/// The rest of HMA's surface: <c>/status</c> and <c>/status/live</c>, the signal and content type listings, and the exchange routes. Aegis
/// does not fetch from exchanges, so there are none: the listings are empty, an exchange is never found (404, which
/// Coop reads as "a plain bank"), and creating one is 501.
/// </summary>
internal static class HmaOtherApi
{
    private const string NoExchanges =
        "Aegis does not fetch from exchanges (ThreatExchange, NCMEC, StopNCII); import their hash lists into a bank with POST /v1/banks/<name>/imports";

    public static void MapStatus(IEndpointRouteBuilder app)
    {
        app.MapGet("/status", (MatcherHost host) => host.Matcher is not null
            ? TypedResults.Text("I-AM-ALIVE", "text/plain", Encoding.UTF8)
            : TypedResults.Text("INDEX-NOT-LOADED", "text/plain", Encoding.UTF8, StatusCodes.Status503ServiceUnavailable));

        // HMA's liveness check: the process serves HTTP, whether or not the index has loaded.
        app.MapGet("/status/live", () => TypedResults.Text("I-AM-ALIVE", "text/plain", Encoding.UTF8))
            .WithSummary("HMA: I-AM-ALIVE while the process serves HTTP, even before the banks are loaded.");
    }

    public static void MapTypes(IEndpointRouteBuilder c)
    {
        c.MapGet("/signal_type", () => HmaJson.Json(new JsonArray([.. HmaSignalTypes.All.Select(name =>
            (JsonNode)new JsonObject { ["enabled_ratio"] = HmaJson.Float(1.0), ["name"] = name })])));
        c.MapPut("/signal_type/{name}", (string name) => HmaJson.Message(
            StatusCodes.Status501NotImplemented, $"Aegis cannot turn signal type '{name}' off: every signal type is always enabled"));
        c.MapGet("/signal_type/index", () => HmaJson.Message(
            StatusCodes.Status501NotImplemented, "Aegis's index is live and has no builds; see GET /m/index/status"));
        c.MapGet("/content_type", () => HmaJson.Json(new JsonArray([.. HmaSignalTypes.ContentTypes.Select(name =>
            (JsonNode)new JsonObject { ["enabled"] = true, ["name"] = name })])));
    }

    public static void MapExchanges(IEndpointRouteBuilder c)
    {
        c.MapGet("/exchanges", () => HmaJson.Json(new JsonArray()));
        c.MapPost("/exchanges", () => HmaJson.Message(StatusCodes.Status501NotImplemented, NoExchanges));
        c.MapGet("/exchanges/apis", () => HmaJson.Json(new JsonArray()));
        c.MapMethods("/exchanges/api/{api}", ["GET", "POST"], (string api) =>
            HmaJson.Message(StatusCodes.Status400BadRequest, $"no such Exchange API '{api}'"));
        c.MapGet("/exchanges/api/{api}/schema", (string api) =>
            HmaJson.Message(StatusCodes.Status404NotFound, $"no such Exchange API '{api}'"));
        c.MapMethods("/exchange/{name}", ["GET", "PUT", "DELETE"], NoExchange);
        c.MapGet("/exchange/{name}/status", NoExchange);
        c.MapMethods("/exchange/{name}/credentials", ["GET", "POST"], NoExchange);
    }

    private static IResult NoExchange(string name) => HmaJson.Message(StatusCodes.Status404NotFound, $"Exchange '{name}' not found");
}
