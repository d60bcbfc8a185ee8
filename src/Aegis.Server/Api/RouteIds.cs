using Aegis.Core.Input;
using Aegis.Server.Gate;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Api;

/// <summary>
/// Refuses a request whose path holds an id that is not one (<see cref="Identifier"/>: a control character, a
/// bidirectional override, only spaces, too long) before its handler runs, with a 400 naming the path parameter: no
/// such id is ever stored, so the caller learns what is wrong with it instead of "not found". (A NUL in a path never
/// gets here: Kestrel refuses the request line itself, a 400 without a body.)
/// </summary>
/// <param name="refuse">Makes the exception that answers the request (the native API's problem, or HMA's message).</param>
internal sealed class RouteIds(Func<string, Exception> refuse) : IEndpointFilter
{
    /// <summary>For the native API: a problem+json 400.</summary>
    public static RouteIds Problem { get; } = new(message => new GateException(StatusCodes.Status400BadRequest, "Invalid id", message));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (value is string text && Identifier.Validate(name, text) is { } invalid)
            {
                throw refuse(invalid);
            }
        }

        return next(context);
    }
}
