namespace Aegis.Storage;

/// <summary>Part of a case's dossier: the first items, and how many there are in all.</summary>
/// <param name="Total">How many there are in all.</param>
/// <param name="Items">The first of them (all of them when <see cref="Total"/> is no more than its count).</param>
public sealed record DossierList<T>(int Total, IReadOnlyList<T> Items);
