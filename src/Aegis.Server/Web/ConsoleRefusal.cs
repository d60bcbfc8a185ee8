using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Aegis.Server.Web;

/// <summary>A console page's refusal with its reason, shown by the error page (<c>Pages/Error</c>) under the status.</summary>
internal static class ConsoleRefusal
{
    public const string ItemKey = "aegis:refusal";

    /// <summary>403 with <paramref name="reason"/> said on the page.</summary>
    public static StatusCodeResult Forbidden(HttpContext context, string reason) => Status(context, StatusCodes.Status403Forbidden, reason);

    /// <summary>404 with <paramref name="reason"/> said on the page.</summary>
    public static StatusCodeResult NotFound(HttpContext context, string reason) => Status(context, StatusCodes.Status404NotFound, reason);

    /// <summary><paramref name="status"/> with <paramref name="reason"/> said on the page.</summary>
    public static StatusCodeResult Status(HttpContext context, int status, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = reason;
        return new StatusCodeResult(status);
    }
}
