namespace Aegis.Server.Web;

/// <summary>The protect page's addresses (issue 17), in one place.</summary>
internal static class ProtectPaths
{
    /// <summary>The page where a person picks the pictures to protect.</summary>
    public const string Page = "/protect";

    /// <summary>The receipt page; the receipt code is in the fragment, never in the path or query.</summary>
    public const string Receipt = "/protect/receipt";

    /// <summary>The page's scripts and stylesheet.</summary>
    public const string Assets = "/protect/assets";
}
