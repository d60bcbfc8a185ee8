using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>The platform reported views or shares of an item it had been told to restrict or remove: its enforcement failed.</summary>
/// <param name="ContentId">The item.</param>
/// <param name="At">When the counts were reported.</param>
/// <param name="Views">Views then.</param>
/// <param name="Shares">Shares then.</param>
/// <param name="ViewsBefore">Views recorded before.</param>
/// <param name="SharesBefore">Shares recorded before.</param>
public sealed record ExposureAlert(string ContentId, DateTimeOffset At, long Views, long Shares, long ViewsBefore, long SharesBefore);
