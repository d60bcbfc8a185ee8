namespace Aegis.Core.Protect;

/// <summary>One PDQ hash the page computed: of an image, or of one frame of a video (<see cref="Second"/>).</summary>
/// <param name="Hash">64 hex characters.</param>
/// <param name="Quality">PDQ quality, 0 to 100.</param>
/// <param name="Second">For a video frame: its time in whole seconds.</param>
public sealed record ProtectHash(string Hash, int Quality, int? Second = null);
