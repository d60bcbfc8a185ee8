namespace Aegis.Exchanges.Ncmec;

/// <summary>
/// Where an NCMEC fetch stands. Everything changed before <see cref="From"/> is applied. Between windows only
/// <see cref="From"/> and <see cref="Span"/> are set; inside a window, its end <see cref="To"/> and the paging path
/// NCMEC gave (<see cref="Next"/>, at <see cref="PagedAt"/>) too, so a resumed fetch asks for the same window's next page
/// (NCMEC's paging is only valid for the window it was given for).
/// </summary>
/// <param name="From">The window's start, unix seconds (UTC).</param>
/// <param name="Span">The window length to ask next, seconds; 0 for "up to now".</param>
/// <param name="To">The current window's end, unix seconds, while it has pages left.</param>
/// <param name="Next">The current window's next page, the path NCMEC gave (<c>/v2/entries?...</c>).</param>
/// <param name="PagedAt">When <see cref="Next"/> was given, unix seconds (NCMEC asks that paging links are not kept long).</param>
internal sealed record NcmecCheckpoint(long From, long Span, long? To = null, string? Next = null, long? PagedAt = null);
