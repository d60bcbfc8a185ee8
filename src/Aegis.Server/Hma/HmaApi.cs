using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Hma;

/// <summary>The drop-in for Meta's HMA: <c>/h</c>, <c>/m</c>, <c>/c</c> and <c>/status</c> (being written).</summary>
internal static class HmaApi
{
    public static IEndpointRouteBuilder MapHmaApi(this IEndpointRouteBuilder app) => app;
}
