namespace Aegis.Matching.Index;

/// <summary>An indexed entry within the searched distance: its key and its Hamming distance to the query.</summary>
public readonly record struct PdqMatch(int Key, int Distance);
