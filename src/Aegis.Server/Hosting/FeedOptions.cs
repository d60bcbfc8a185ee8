using System.Globalization;

namespace Aegis.Server.Hosting;

/// <summary>The hash feed this platform publishes to other Aegis servers (docs/operations.md, "Hash feed"; docs/exchange-protocol.md).</summary>
public sealed class FeedOptions
{
    /// <summary>The longest publisher name.</summary>
    public const int MaxPublisherLength = 64;

    /// <summary>Whether <c>GET /v1/feed</c> serves the feed (404 while off). Confirmations are recorded for it either way.</summary>
    public bool Enabled { get; set; }

    /// <summary>The platform's name in every page (subscribers show it as the member that shared an entry). Required when enabled.</summary>
    public string? Publisher { get; set; }

    /// <summary>The most entries one page holds (a subscriber asking for more gets this many).</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Whether confirmed items that came from another exchange are shared too (off: subscribers get them from that exchange).</summary>
    public bool Reshare { get; set; }

    internal static void Validate(FeedOptions o, List<string> problems)
    {
        if (o.MaxPageSize is < 1 or > 10_000)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Feed:MaxPageSize (AEGIS_FEED__MAXPAGESIZE) is 1 to 10000; got {o.MaxPageSize}."));
        }

        if (o.Enabled && string.IsNullOrWhiteSpace(o.Publisher))
        {
            problems.Add("Feed:Publisher (AEGIS_FEED__PUBLISHER) is required when Feed:Enabled is true: the platform's name, shown to subscribers with every entry.");
        }

        if (o.Publisher is { } name && (name.Length > MaxPublisherLength || Core.Input.Identifier.Validate("Feed:Publisher", name) is not null))
        {
            problems.Add($"Feed:Publisher (AEGIS_FEED__PUBLISHER) is 1 to {MaxPublisherLength} printable characters; got '{name}'.");
        }
    }
}
