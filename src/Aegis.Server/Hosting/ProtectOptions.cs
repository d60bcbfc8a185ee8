using System.Globalization;

namespace Aegis.Server.Hosting;

/// <summary>
/// The page where a person protects themselves (<c>/protect</c>, docs/operations.md, "Protect page"): they pick the
/// pictures or videos someone threatens to share, their browser hashes them, and only the hashes are sent.
/// </summary>
public sealed class ProtectOptions
{
    /// <summary>The longest platform name shown on the page.</summary>
    public const int MaxPlatformNameLength = 80;

    /// <summary>Whether <c>/protect</c> and its API answer (404 while off). On by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The platform's name as the page says it ("Nothing you pick leaves your phone. {PlatformName} gets only…").</summary>
    public string PlatformName { get; set; } = "this platform";

    /// <summary>Where the page points for more help (the platform's own safety page), or null for none.</summary>
    public string? HelpUrl { get; set; }

    /// <summary>
    /// Whether a later upload with the same MD5 or SHA-256 as a submitted file is blocked at the gate (off: held for
    /// review, like a PDQ match). A byte-identical copy is the same file, so blocking cannot hit an innocent picture.
    /// </summary>
    public bool ExactDigestsBlock { get; set; }

    /// <summary>The most files one submission names.</summary>
    public int MaxFiles { get; set; } = 20;

    /// <summary>The most frame hashes one video brings (one a second: 20 minutes by default).</summary>
    public int MaxFramesPerVideo { get; set; } = 1200;

    /// <summary>PDQ hashes of lower quality are refused, kindly (they match flat, plain pictures); 50 by default, as PDQ advises.</summary>
    public int MinQuality { get; set; } = 50;

    /// <summary>
    /// A submitted hash that matches more items than this at once is not acted on: it is quarantined for a curator
    /// (a person's own pictures are not on the platform thousands of times; a hash that is, is likely a meme or a flat
    /// picture, or someone trying to take down what is not theirs).
    /// </summary>
    public int MaxMatchesPerHash { get; set; } = 200;

    /// <summary>Submissions one client address may make an hour (per node).</summary>
    public int SubmissionsPerHour { get; set; } = 10;

    /// <summary>Receipt reads and withdrawals one client address may make an hour (per node); a receipt code gets the same again of its own.</summary>
    public int ReceiptChecksPerHour { get; set; } = 60;

    internal static void Validate(ProtectOptions o, List<string> problems)
    {
        static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        if (string.IsNullOrWhiteSpace(o.PlatformName) || o.PlatformName.Length > MaxPlatformNameLength || Core.Input.Identifier.Validate("Protect:PlatformName", o.PlatformName) is not null)
        {
            problems.Add(Invariant($"Protect:PlatformName (AEGIS_PROTECT__PLATFORMNAME) is 1 to {MaxPlatformNameLength} printable characters; got '{o.PlatformName}'."));
        }

        if (o.HelpUrl is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http")))
        {
            problems.Add($"Protect:HelpUrl (AEGIS_PROTECT__HELPURL) is an absolute http(s) address; got '{url}'.");
        }

        if (o.MaxFiles is < 1 or > 100)
        {
            problems.Add(Invariant($"Protect:MaxFiles (AEGIS_PROTECT__MAXFILES) is 1 to 100; got {o.MaxFiles}."));
        }

        if (o.MaxFramesPerVideo is < 1 or > 36_000)
        {
            problems.Add(Invariant($"Protect:MaxFramesPerVideo (AEGIS_PROTECT__MAXFRAMESPERVIDEO) is 1 to 36000; got {o.MaxFramesPerVideo}."));
        }

        if (o.MinQuality is < 0 or > 100)
        {
            problems.Add(Invariant($"Protect:MinQuality (AEGIS_PROTECT__MINQUALITY) is 0 to 100; got {o.MinQuality}."));
        }

        if (o.MaxMatchesPerHash < 1)
        {
            problems.Add(Invariant($"Protect:MaxMatchesPerHash (AEGIS_PROTECT__MAXMATCHESPERHASH) is at least 1; got {o.MaxMatchesPerHash}."));
        }

        if (o.SubmissionsPerHour < 1 || o.ReceiptChecksPerHour < 1)
        {
            problems.Add(Invariant($"Protect:SubmissionsPerHour and Protect:ReceiptChecksPerHour are at least 1; got {o.SubmissionsPerHour} and {o.ReceiptChecksPerHour}."));
        }
    }
}
