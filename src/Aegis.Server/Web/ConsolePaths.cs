namespace Aegis.Server.Web;

/// <summary>The console's addresses, in one place.</summary>
internal static class ConsolePaths
{
    public const string Root = "/console";
    public const string SignIn = "/console/signin";
    public const string SignOut = "/console/signout";
    public const string Queue = "/console/queue";
    public const string Account = "/console/account";
    public const string Assets = "/console/assets";

    /// <summary>True for a request to the console (its pages and assets), which get the console's headers.</summary>
    public static bool IsConsole(Microsoft.AspNetCore.Http.PathString path) => path.StartsWithSegments(Root, StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="returnUrl"/> if it is a path inside the console, else the queue: never an address elsewhere.</summary>
    public static string LocalOrQueue(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url.StartsWith(Root, StringComparison.OrdinalIgnoreCase) && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal) && Uri.IsWellFormedUriString(url, UriKind.Relative)
            ? url
            : Queue;
}
