using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Server.Matching;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's bank content over Aegis bank entries. HMA keeps one content id with several signals; Aegis keeps one entry
/// per signal. Content added through HMA is stored as one entry per signal: the first (pdq, else vpdq, else
/// video_md5) is the primary entry and its id is the content id HMA answers; the others carry the list name
/// <c>hma-content:&lt;id&gt;</c>, which ties them to it. Content <c>n</c> is entry <c>n</c> with the entries tied to it,
/// so every entry id a lookup reports (<c>bank_content_id</c>) is also a content id.
/// </summary>
internal sealed class HmaContents(BankStore store, MatcherHost host)
{
    /// <summary>The list name that ties an entry to its content's primary entry.</summary>
    public const string LinkPrefix = "hma-content:";

    /// <summary>
    /// Adds the signals as one content (a hash the bank already holds is reused, and enabled again if it was
    /// disabled; it keeps its own metadata), applies the change to the matcher, and returns the content id. The content id
    /// goes on every entry (their external id); the rest of the metadata and the note on the primary entry.
    /// </summary>
    public async Task<long> AddAsync(
        string bank, IReadOnlyDictionary<SignalType, string> signals, HmaMetadata metadata, string? addedBy, CancellationToken cancellationToken)
    {
        var stored = metadata.Stored;
        if (stored?.Length > BankStore.MaxEntryMetadataLength)
        {
            throw new HmaException(
                StatusCodes.Status400BadRequest,
                $"Invalid metadata: Aegis keeps at most {BankStore.MaxEntryMetadataLength} characters of note, content_uri and json (as JSON); got {stored.Length}");
        }

        long? primary = null;
        foreach (var (type, value) in signals.OrderBy(s => Rank(s.Key)))
        {
            var link = primary is { } id ? LinkPrefix + id : null;
            var record = new HashListRecord(type, value, metadata.ContentId, null, link, null, null);
            var entry = await store.AddEntryAsync(bank, record, addedBy, primary is null ? stored : null, cancellationToken);
            if (!entry.Enabled)
            {
                entry = await store.SetEntryEnabledAsync(entry.Id, true, cancellationToken);
            }

            primary ??= entry.Id;
        }

        await host.CatchUpNowAsync(cancellationToken);
        return primary ?? throw new ArgumentException("No signals to add.", nameof(signals));
    }

    /// <summary>Content <paramref name="id"/> of the bank: the entry, then those tied to it; empty when there is none.</summary>
    public async Task<IReadOnlyList<BankEntry>> FindAsync(string bank, long id, CancellationToken cancellationToken)
    {
        if (await store.GetEntryAsync(id, cancellationToken) is not { } primary || primary.Bank != bank)
        {
            return [];
        }

        return [primary, .. await store.ReadEntriesFromListAsync(bank, LinkPrefix + id, cancellationToken)];
    }

    /// <summary>The metadata and note of the content whose entry is <paramref name="entry"/>: kept on its primary entry.</summary>
    public async Task<HmaMetadata> MetadataAsync(BankEntry entry, CancellationToken cancellationToken)
    {
        var stored = await store.GetEntryMetadataAsync(await PrimaryOfAsync(entry, cancellationToken), cancellationToken);
        return HmaMetadata.FromStored(stored, entry.Source.ExternalId);
    }

    /// <summary>Replaces the note (null for none) of the content whose entry is <paramref name="entry"/>.</summary>
    public async Task<HmaMetadata> SetNoteAsync(BankEntry entry, string? note, CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(entry, cancellationToken) with { Note = note };
        await store.SetEntryMetadataAsync(await PrimaryOfAsync(entry, cancellationToken), metadata.Stored, cancellationToken);
        return metadata;
    }

    /// <summary>Enables or disables the entries; returns how many changed state.</summary>
    public async Task<int> SetEnabledAsync(IReadOnlyList<BankEntry> entries, bool enabled, CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var entry in entries.Where(e => e.Enabled != enabled))
        {
            await store.SetEntryEnabledAsync(entry.Id, enabled, cancellationToken);
            changed++;
        }

        await host.CatchUpNowAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// The primary entry of the content <paramref name="entry"/> belongs to: the one its list names when that is in the
    /// same bank (a list name is only a label, which an import could also give), else itself.
    /// </summary>
    private async Task<long> PrimaryOfAsync(BankEntry entry, CancellationToken cancellationToken) =>
        entry.Source.List is { } list && list.StartsWith(LinkPrefix, StringComparison.Ordinal) &&
        long.TryParse(list.AsSpan(LinkPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) &&
        await store.GetEntryAsync(id, cancellationToken) is { } primary && primary.Bank == entry.Bank
            ? primary.Id
            : entry.Id;

    private static int Rank(SignalType type) => type switch
    {
        SignalType.Pdq => 0,
        SignalType.Vpdq => 1,
        SignalType.Md5 => 2,
        _ => 3,
    };
}
