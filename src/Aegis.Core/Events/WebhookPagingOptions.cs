namespace Aegis.Core.Events;

/// <summary>How a case's fan-out is told to the platform (<see cref="WebhookPaging"/>).</summary>
/// <param name="ItemsPerEvent">Most items and accounts in one <see cref="CaseActions"/> page.</param>
/// <param name="PerItemEvents">True: a webhook per action as before (<c>content.removed</c>, …) and no pages.</param>
public sealed record WebhookPagingOptions(int ItemsPerEvent = WebhookPagingOptions.DefaultItemsPerEvent, bool PerItemEvents = false)
{
    /// <summary>500 entries are ~50 KB of JSON: a 2,000-reshare cascade (removed, demonetized, its account: 6,003 actions) is 13 pages.</summary>
    public const int DefaultItemsPerEvent = 500;

    /// <summary>The most a page may hold (~1 MB of JSON), so no receiver is sent a body it cannot take.</summary>
    public const int MaxItemsPerEvent = 10_000;

    /// <summary>Pages of <see cref="DefaultItemsPerEvent"/>, no per-item webhooks.</summary>
    public static WebhookPagingOptions Default { get; } = new();
}
