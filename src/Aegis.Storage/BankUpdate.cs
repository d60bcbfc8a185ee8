using Aegis.Matching.Banks;
using Aegis.Matching.Video;

namespace Aegis.Storage;

/// <summary>The settings of a bank to change; a null member is left as it is.</summary>
/// <param name="PdqThreshold">The new PDQ threshold (0–63).</param>
/// <param name="Action">What a match now does.</param>
/// <param name="Kind">Ordinary or negative.</param>
/// <param name="Enabled">Whether the bank is matched.</param>
/// <param name="Description">The new description; an empty string clears it.</param>
/// <param name="Video">The new video rules (query, containment and segment thresholds).</param>
public sealed record BankUpdate(
    int? PdqThreshold = null,
    BankAction? Action = null,
    BankKind? Kind = null,
    bool? Enabled = null,
    string? Description = null,
    VideoMatchThresholds? Video = null);
