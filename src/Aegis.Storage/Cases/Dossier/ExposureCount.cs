namespace Aegis.Storage;

/// <summary>Views and shares at one moment of a case.</summary>
/// <param name="At">When.</param>
/// <param name="Views">Views then.</param>
/// <param name="Shares">Shares then (unknown for steps recorded before shares were).</param>
public sealed record ExposureCount(DateTimeOffset At, long Views, long? Shares);
