namespace Aegis.Server.Web;

/// <summary>The console's addresses, in one place.</summary>
internal static class ConsolePaths
{
    public const string Root = "/console";
    public const string SignIn = "/console/signin";
    public const string SignOut = "/console/signout";
    public const string Queue = "/console/queue";
    public const string Account = "/console/account";
    public const string Stats = "/console/stats";
    public const string Assets = "/console/assets";

    /// <summary>A case's page.</summary>
    public static string Case(long id) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Root}/cases/{id}");

    /// <summary>An evidence item of a case, as <paramref name="view"/> (<c>preview</c>: blurred; <c>reveal</c>: with a reveal's token).</summary>
    public static string Media(long caseId, long evidenceId, string view = "preview", string? token = null) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Root}/cases/{caseId}/media/{evidenceId}?view={view}")
        + (token is null ? "" : "&token=" + Uri.EscapeDataString(token));

    /// <summary>True for a request to the console (its pages and assets), which get the console's headers.</summary>
    public static bool IsConsole(Microsoft.AspNetCore.Http.PathString path) => path.StartsWithSegments(Root, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Where a user lands after sign-in: <paramref name="returnUrl"/> if it is a path inside the console (never an address
    /// elsewhere), else their first page: the banks for a curator (who has no queue), the queue for everyone else.
    /// </summary>
    public static string LocalOrHome(string? returnUrl, bool curator)
    {
        var local = LocalOrQueue(returnUrl);
        return local == Queue && curator ? AdminPaths.Banks : local;
    }

    /// <summary><paramref name="returnUrl"/> if it is a path inside the console, else the queue: never an address elsewhere.</summary>
    public static string LocalOrQueue(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url.StartsWith(Root, StringComparison.OrdinalIgnoreCase) && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : Queue;
}
