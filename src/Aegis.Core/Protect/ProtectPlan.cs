namespace Aegis.Core.Protect;

/// <summary>What a valid submission becomes: the hashes to bank and what to tell the person of each file.</summary>
/// <param name="Files">Each file's outcome, in order.</param>
/// <param name="Pdq">The distinct image and frame PDQ hashes kept (quality at least the minimum).</param>
/// <param name="Md5">The distinct MD5 digests.</param>
/// <param name="Sha256">The distinct SHA-256 digests.</param>
/// <param name="Videos">Each video's kept frames, for matching whole videos (as the gate does).</param>
public sealed record ProtectPlan(
    IReadOnlyList<ProtectFileOutcome> Files,
    IReadOnlyList<string> Pdq,
    IReadOnlyList<string> Md5,
    IReadOnlyList<string> Sha256,
    IReadOnlyList<IReadOnlyList<ProtectHash>> Videos)
{
    /// <summary>How many hashes the submission banks.</summary>
    public int HashCount => Pdq.Count + Md5.Count + Sha256.Count + Videos.Count;
}
