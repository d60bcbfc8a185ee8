using System.Text;
using System.Text.Json.Nodes;
using Aegis.Server.Matching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Hma;

/// <summary>
/// The rest of HMA's surface: <c>/status</c> and <c>/status/live</c>, the signal and content type listings, and the
/// exchange routes (answered by <see cref="HmaExchanges"/>).
/// </summary>
internal static class HmaOtherApi
{
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

    public static void MapExchanges(IEndpointRouteBuilder c, HmaExchanges exchanges)
    {
        c.MapGet("/exchanges", exchanges.ListAsync).WithSummary("HMA: every exchange's name.");
        c.MapPost("/exchanges", (HttpRequest request, CancellationToken ct) => exchanges.CreateAsync(request, ct))
            .WithSummary("HMA: create an exchange and the bank of its name ({\"bank\", \"api\", \"api_json\"}).");
        c.MapGet("/exchanges/apis", exchanges.Apis).WithSummary("HMA: the exchange API names.");
        c.MapMethods("/exchanges/api/{api}", ["GET", "POST"], (string api, HttpRequest request, CancellationToken ct) => exchanges.ApiAsync(api, request, ct))
            .WithSummary("HMA: whether an API's credentials are set; POST {\"credential_json\": {…}} sets them for every exchange of the API.");
        c.MapGet("/exchanges/api/{api}/schema", (string api) => exchanges.Schema(api))
            .WithSummary("HMA: the fields of an API's api_json and credentials.");
        c.MapGet("/exchange/{name}", (string name, CancellationToken ct) => exchanges.GetAsync(name, ct)).WithSummary("HMA: an exchange's config.");
        c.MapPut("/exchange/{name}", (string name, HttpRequest request, CancellationToken ct) => exchanges.UpdateAsync(name, request, ct))
            .WithSummary("HMA: enable or disable an exchange ({\"enabled\": …}).");
        c.MapDelete("/exchange/{name}", (string name, HttpRequest request, CancellationToken ct) => exchanges.DeleteAsync(name, request, ct))
            .WithSummary("HMA: remove an exchange, and its bank when it is its own.");
        c.MapGet("/exchange/{name}/status", (string name, CancellationToken ct) => exchanges.StatusAsync(name, ct))
            .WithSummary("HMA: an exchange's fetch status.");
    }
}
