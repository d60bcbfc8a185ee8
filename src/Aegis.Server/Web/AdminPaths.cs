namespace Aegis.Server.Web;

/// <summary>
/// The addresses of the console's curation and admin pages. Built here rather than by the router, which lower-cases
/// generated paths (<c>RouteOptions.LowercaseUrls</c>) and bank names are case-sensitive.
/// </summary>
internal static class AdminPaths
{
    public const string Banks = "/console/banks";
    public const string Users = "/console/users";
    public const string Keys = "/console/keys";
    public const string Evidence = "/console/evidence";

    public static string Bank(string name) => $"{Banks}/{Uri.EscapeDataString(name)}";

    public static string BankImport(string name) => $"{Bank(name)}/import";

    public static string User(string name) => $"{Users}/{Uri.EscapeDataString(name)}";
}
