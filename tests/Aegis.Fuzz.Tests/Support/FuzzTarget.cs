using CsCheck;

namespace Aegis.Fuzz.Tests.Support;

/// <summary>One thing fuzzed: how its inputs are made, what is done with each, and what counts as a documented failure.</summary>
/// <typeparam name="T">The input.</typeparam>
internal sealed record FuzzTarget<T>
{
    /// <summary>Names the target in the output and in the folder a failing input is saved to.</summary>
    public required string Name { get; init; }

    /// <summary>Makes the inputs (and shrinks a failing one).</summary>
    public required Gen<T> Gen { get; init; }

    /// <summary>The case; it throws to report a broken property.</summary>
    public required Action<T> Body { get; init; }

    /// <summary>The exceptions the code under test documents for bad input: these end a case normally.</summary>
    public Func<Exception, bool> IsDocumented { get; init; } = _ => false;

    /// <summary>The most a case may allocate on the managed heap, from its input (see <see cref="Fuzzer"/>).</summary>
    public required Func<T, long> AllocationBound { get; init; }

    /// <summary>The input as bytes, saved whole when a case fails.</summary>
    public required Func<T, byte[]> Serialize { get; init; }

    /// <summary>What a failure says of the input besides its bytes (options it was read with).</summary>
    public Func<T, string> Describe { get; init; } = _ => "";
}
