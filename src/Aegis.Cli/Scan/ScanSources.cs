using System.Collections.Concurrent;
using Aegis.Matching.Banks;
using Aegis.Storage;

namespace Aegis.Cli.Scan;

/// <summary>
/// Where matched entries came from, read from the store the first time each entry matches (a scan may match few entries
/// many times; the matcher itself holds no provenance).
/// </summary>
internal sealed class ScanSources(BankStore store)
{
    private readonly ConcurrentDictionary<long, MatchProvenance?> _known = new();

    public MatchProvenance? Of(long entryId) => _known.GetOrAdd(
        entryId,
        id => MatchProvenance.From(store.ReadSourcesAsync([id]).GetAwaiter().GetResult().GetValueOrDefault(id)));

    /// <summary>The TSV column: <c>exchange=NCMEC;entry_id=123;member=…;category=A1</c> (or <c>list=…</c>), the fields known.</summary>
    public static string Describe(MatchProvenance p) => string.Join(
        ';',
        new[] { ("exchange", p.Exchange), ("list", p.List), ("entry_id", p.EntryId), ("member", p.Member), ("category", p.Category) }
            .Where(f => f.Item2 is not null)
            .Select(f => $"{f.Item1}={Clean(f.Item2!)}"));

    /// <summary>A value fit for one TSV field (ids hold no control characters; ';' would split the pairs).</summary>
    private static string Clean(string value) => value.Replace(';', ',').Replace('\t', ' ');
}
