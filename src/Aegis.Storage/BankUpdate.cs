using Aegis.Matching.Banks;
using Aegis.Matching.Video;

namespace Aegis.Storage;

/// <summary>The settings of a bank to change; a null member is left as it is.</summary>
/// <param name="PdqThreshold">The new PDQ threshold (0–63).</param>
/// <param name="Action">What a match now does.</param>
/// <param name="Kind">Ordinary or negative.</param>
/// <param name="Enabled">Whether the bank is matched; enabling a bank whose matching ratio is 0 sets the ratio to 1.</param>
/// <param name="Description">The new description; an empty string clears it.</param>
/// <param name="Video">The new video rules (query, containment and segment thresholds).</param>
/// <param name="MatchingRatio">The new <see cref="Bank.MatchingRatio"/> (0–1); the bank is then enabled when it is above 0,
/// and disabled at 0, whatever <paramref name="Enabled"/> says.</param>
public sealed record BankUpdate(
    int? PdqThreshold = null,
    BankAction? Action = null,
    BankKind? Kind = null,
    bool? Enabled = null,
    string? Description = null,
    VideoMatchThresholds? Video = null,
    double? MatchingRatio = null);
