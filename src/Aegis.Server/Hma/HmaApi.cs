using Aegis.Server.Api;
using Aegis.Server.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Hma;

/// <summary>
/// The drop-in for Meta's HMA (hasher-matcher-actioner) HTTP API, so tools built on it (ROOST's Coop) can use Aegis
/// unchanged: <c>/h</c> (hasher, platform keys), <c>/m</c> (matcher, platform keys), <c>/c</c> (curator, curator keys)
/// and <c>/status</c>. Shapes, status codes and <c>{"message": …}</c> errors are HMA's; see docs/hma.md.
/// </summary>
internal static class HmaApi
{
    public static IEndpointRouteBuilder MapHmaApi(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var media = ActivatorUtilities.CreateInstance<HmaMedia>(
            services, ActivatorUtilities.CreateInstance<Fetching.UrlFetcher>(services, Fetching.FetchPolicy.Hma(services.GetRequiredService<Hosting.ServerOptions>())), ActivatorUtilities.CreateInstance<HmaHasher>(services));
        var matcher = ActivatorUtilities.CreateInstance<HmaMatcher>(services);
        var hashing = new HmaHashing(media);
        var matching = ActivatorUtilities.CreateInstance<HmaMatching>(services, media, matcher);
        var banks = ActivatorUtilities.CreateInstance<HmaBanks>(services);
        var content = ActivatorUtilities.CreateInstance<HmaContentApi>(services, ActivatorUtilities.CreateInstance<HmaContents>(services), banks, media);

        var h = Group(app, "/h", Roles.Platform);
        h.MapGet("/hash", hashing.GetAsync).WithSummary("HMA: hash the media at ?url= ({\"pdq\": \"…\"}).");
        h.MapPost("/hash", hashing.PostAsync).WithSummary("HMA: hash an upload (multipart; the field name is the content type: photo or video).");

        var m = Group(app, "/m", Roles.Platform);
        m.MapGet("/lookup", matching.LookupAsync).WithSummary("HMA: matches of a signal (signal_type, signal) or of the media at ?url=, by bank.");
        m.MapPost("/lookup", matching.LookupUploadAsync).WithSummary("HMA: matches of an upload, by signal type and bank.");
        m.MapGet("/raw_lookup", matching.RawLookup).WithSummary("HMA: every matching content id (include_distance=true for distances).");
        m.MapPost("/compare", HmaCompare.CompareAsync).WithSummary("HMA: compare two hashes per signal type.");
        m.MapGet("/index/status", matching.IndexStatus).WithSummary("HMA: the index per signal type.");

        var c = Group(app, "/c", Roles.Curator);
        c.MapGet("/banks", banks.ListAsync).WithSummary("HMA: every bank.");
        c.MapPost("/banks", banks.CreateAsync).WithSummary("HMA: create a bank (names are UPPER_WITH_UNDERSCORE).");
        c.MapGet("/bank/{bank}", (string bank, CancellationToken ct) => banks.GetAsync(bank, ct)).WithSummary("HMA: one bank.");
        c.MapPut("/bank/{bank}", (string bank, HttpRequest request, CancellationToken ct) => banks.UpdateAsync(bank, request, ct))
            .WithSummary("HMA: enable or disable a bank (enabled, enabled_ratio).");
        c.MapDelete("/bank/{bank}", (string bank, HttpRequest request, CancellationToken ct) => banks.DeleteAsync(bank, request, ct))
            .WithSummary("HMA: delete a bank (it is gone and its name free; Aegis keeps its rows for the record).");
        c.MapPost("/bank/{bank}/content", (string bank, HttpRequest request, CancellationToken ct) => content.AddContentAsync(bank, request, ct))
            .WithSummary("HMA: add the media at ?url= or an upload to a bank.");
        c.MapPost("/bank/{bank}/signal", (string bank, HttpRequest request, CancellationToken ct) => content.AddSignalsAsync(bank, request, ct))
            .WithSummary("HMA: add hashes ({\"pdq\": \"…\"}) to a bank.");
        c.MapGet("/bank/{bank}/content/{id}", (string bank, string id, HttpRequest request, CancellationToken ct) =>
            content.GetAsync(bank, id, request, ct)).WithSummary("HMA: one content item.");
        c.MapPut("/bank/{bank}/content/{id}", (string bank, string id, HttpRequest request, CancellationToken ct) =>
            content.UpdateAsync(bank, id, request, ct)).WithSummary("HMA: enable or disable a content item (disable_until_ts 1 or 0).");
        c.MapDelete("/bank/{bank}/content/{id}", (string bank, string id, CancellationToken ct) =>
            content.DeleteAsync(bank, id, ct)).WithSummary("HMA: delete a content item (Aegis disables its entries).");
        HmaOtherApi.MapTypes(c);
        HmaOtherApi.MapExchanges(c, ActivatorUtilities.CreateInstance<HmaExchanges>(services));

        HmaOtherApi.MapStatus(app.MapGroup("").RequireAuthorization(Roles.AnyKey).WithTags("HMA"));
        return app;
    }

    /// <summary>Path ids that are not ids (<see cref="Core.Input.Identifier"/>) answered as HMA answers a bad request.</summary>
    private static readonly RouteIds BadIds = new(message => new HmaException(StatusCodes.Status400BadRequest, message));

    private static RouteGroupBuilder Group(IEndpointRouteBuilder app, string prefix, string policy) =>
        app.MapGroup(prefix).RequireAuthorization(policy).AddEndpointFilter<HmaErrorFilter>().AddEndpointFilter(BadIds).WithTags("HMA");
}
