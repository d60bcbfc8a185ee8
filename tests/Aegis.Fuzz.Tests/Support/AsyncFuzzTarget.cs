using CsCheck;

namespace Aegis.Fuzz.Tests.Support;

/// <summary>A target whose case is asynchronous (an HTTP request, an ffmpeg run); see <see cref="FuzzTarget{T}"/>.</summary>
/// <typeparam name="T">The input.</typeparam>
internal sealed record AsyncFuzzTarget<T>
{
    public required string Name { get; init; }

    public required Gen<T> Gen { get; init; }

    public required Func<T, Task> Body { get; init; }

    public Func<Exception, bool> IsDocumented { get; init; } = _ => false;

    public required Func<T, byte[]> Serialize { get; init; }

    public Func<T, string> Describe { get; init; } = _ => "";

    /// <summary>Cases in flight at once.</summary>
    public int Concurrency { get; init; } = Environment.ProcessorCount;
}
