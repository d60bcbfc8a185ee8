using System.Globalization;
using System.Text.Json.Nodes;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;

namespace Aegis.Exchanges.Files;

/// <summary>
/// python-threatexchange's <c>file</c> exchange (<c>LocalFileSignalExchangeAPI</c>): a list of hashes re-read whole at
/// every run, from a local file (<c>filename</c>, as pytx names it) or an http(s) URL (<c>url</c>). Lines are pytx's
/// <c>&lt;signal_type&gt; &lt;signal&gt;</c> or bare signals (typed by <c>signal_type</c>), or any list Aegis imports (CSV
/// with a header, JSON lines), detected as <c>aegis bank import</c> detects them. Each distinct hash is a record; a hash no
/// longer in the list is deleted (the pages of one version of the list are one <see cref="ExchangePage.Listing"/>).
/// </summary>
/// <param name="root">
/// The folder local files may be read from (<c>Exchanges:FileRoot</c>); null: no local file may be read, only URLs
/// (a curator must not be able to make the server read any file it can).
/// </param>
public sealed class FileExchangeApi(string? root) : IExchangeApi
{
    /// <summary>The largest list read, in bytes (a million PDQ lines is about 70 MB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Lines per page unless <c>page_size</c> says otherwise: each page is one transaction.</summary>
    public const int DefaultPageSize = 10_000;

    /// <summary>The most lines a page may have.</summary>
    public const int MaxPageSize = 100_000;

    private static readonly string[] SettingNames = ["filename", "url", "signal_type", "page_size"];

    /// <summary>The API as listed in <see cref="ExchangeApis.BuiltIn"/>: URLs only (the server gives its file root).</summary>
    public static FileExchangeApi Default { get; } = new(null);

    /// <summary>The folder local files may be read from, or null.</summary>
    public string? Root { get; } = root is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));

    public string Name => "file";

    public ExchangeSchema Schema { get; } = new(
        [
            new ExchangeField("filename", "str", false, "A local file of hashes (an absolute path under the server's Exchanges:FileRoot); give this or url."),
            new ExchangeField("url", "str", false, "An http:// or https:// URL of a file of hashes; give this or filename."),
            new ExchangeField("signal_type", "str", false, "The type of a line that gives a bare hash (pdq, md5, sha256, vpdq, or pytx's names)."),
            new ExchangeField("page_size", "int", false, "Lines applied per transaction.", DefaultPageSize.ToString(CultureInfo.InvariantCulture)),
        ],
        [new ExchangeField("bearer_token", "str", false, "Sent as 'Authorization: Bearer …' with the url.")]);

    public bool SupportsFeedback => false;

    public string? Validate(JsonObject settings, JsonObject? credentials)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Select(p => p.Key).FirstOrDefault(k => !SettingNames.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            return $"settings.{unknown} is not a setting of the file API ({string.Join(", ", SettingNames)}).";
        }

        if (credentials?.Select(p => p.Key).FirstOrDefault(k => k != "bearer_token") is { } unknownSecret)
        {
            return $"credentials.{unknownSecret} is not a credential of the file API (bearer_token).";
        }

        if (Text(credentials, "bearer_token", out var token) is { } badToken)
        {
            return $"credentials.{badToken}";
        }

        if (token is not null && (token.Length == 0 || token.Any(char.IsControl)))
        {
            return "credentials.bearer_token is a token of printable characters.";
        }

        var problems = new[] { Text(settings, "filename", out var filename), Text(settings, "url", out var url), Text(settings, "signal_type", out var type) };
        if (problems.FirstOrDefault(p => p is not null) is { } problem)
        {
            return $"settings.{problem}";
        }

        if ((filename is null) == (url is null))
        {
            return "settings: give either filename (a local file) or url (an http:// or https:// URL) of the list, not both.";
        }

        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return $"settings.url is an http:// or https:// URL; got '{url}'.";
        }

        if (url is not null && new Uri(url).UserInfo.Length > 0)
        {
            return "settings.url may not hold a user or password (settings are shown to curators): give a token as credentials.bearer_token.";
        }

        if (filename is not null && LocalPath(filename) is { Problem: { } badPath })
        {
            return $"settings.filename {badPath}";
        }

        if (type is not null && !ThreatExchangeSignalNames.TryParse(type, out _))
        {
            return $"settings.signal_type is one of {ThreatExchangeSignalNames.Accepted}; got '{type}'.";
        }

        if (settings["page_size"] is { } size && (size.GetValueKind() != System.Text.Json.JsonValueKind.Number
            || !size.AsValue().TryGetValue<int>(out var pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return $"settings.page_size is a whole number from 1 to {MaxPageSize}; got {size.ToJsonString()}.";
        }

        return null;
    }

    public IExchangeClient Create(JsonObject settings, JsonObject? credentials, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Validate(settings, credentials) is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        Text(settings, "filename", out var filename);
        Text(settings, "url", out var url);
        Text(settings, "signal_type", out var type);
        Text(credentials, "bearer_token", out var token);
        SignalType? defaultType = type is not null && ThreatExchangeSignalNames.TryParse(type, out var parsed) ? parsed : null;
        var pageSize = settings["page_size"]?.GetValue<int>() ?? DefaultPageSize;
        var source = filename is not null
            ? FileSource.Local(LocalPath(filename).Path!)
            : FileSource.Remote(new Uri(url!), token, http);
        return new FileExchangeClient(source, defaultType, pageSize);
    }

    /// <summary>The full path of <paramref name="filename"/> when it may be read, else why not.</summary>
    private (string? Path, string? Problem) LocalPath(string filename)
    {
        if (Root is null)
        {
            return (null, "cannot be read: local files are off (set Exchanges:FileRoot to a folder to allow the files under it, or give a url).");
        }

        if (!System.IO.Path.IsPathFullyQualified(filename))
        {
            return (null, $"is an absolute path; got '{filename}'.");
        }

        var full = System.IO.Path.GetFullPath(filename);
        var within = full.StartsWith(Root + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return within ? (full, null) : (null, $"is not under Exchanges:FileRoot ({Root}): '{filename}'.");
    }

    /// <summary>Reads an optional string field; the problem (naming the field) when it is there and not a string.</summary>
    private static string? Text(JsonObject? json, string name, out string? value)
    {
        value = null;
        if (json?[name] is not { } node)
        {
            return null;
        }

        if (node.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return $"{name} is a string; got {node.ToJsonString()}.";
        }

        value = node.GetValue<string>();
        return null;
    }
}
