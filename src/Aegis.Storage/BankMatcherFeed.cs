using Aegis.Matching.Banks;
using Aegis.Matching.Matching;

namespace Aegis.Storage;

/// <summary>
/// A <see cref="BankMatcher"/> built from the store and kept in step with it through the change
/// feed: load (note the latest sequence, read the entries, build), then apply every change after
/// that sequence, as often as wanted. Changes are applied idempotently, so a change seen twice (it
/// was already in the entries read) does no harm.
/// </summary>
public sealed class BankMatcherFeed
{
    private readonly BankStore _store;
    private readonly HashSet<string>? _banks;

    private BankMatcherFeed(BankStore store, HashSet<string>? banks, BankMatcher matcher, long sequence, long entries)
    {
        _store = store;
        _banks = banks;
        Matcher = matcher;
        LastSequence = sequence;
        LoadedEntries = entries;
    }

    public BankMatcher Matcher { get; }

    /// <summary>The last change applied.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Entries read at load.</summary>
    public long LoadedEntries { get; }

    /// <summary>Loads the given banks (every bank when null) and applies the changes made while loading.</summary>
    public static async Task<BankMatcherFeed> LoadAsync(BankStore store, IReadOnlyCollection<string>? banks = null, CancellationToken cancellationToken = default)
    {
        var sequence = await store.LatestChangeAsync(cancellationToken);
        var summaries = await store.ListBanksAsync(cancellationToken);
        var chosen = summaries.Select(s => s.Bank).Where(b => banks is null || banks.Contains(b.Name)).ToList();
        // Streamed into the indexes as it is read: millions of entries are never all held as rows.
        var count = 0L;
        IEnumerable<MatchableEntry> Entries()
        {
            foreach (var entry in store.ReadMatchableEntriesAsync(chosen.Select(b => b.Name).ToList(), cancellationToken).ToBlockingEnumerable(cancellationToken))
            {
                count++;
                yield return entry;
            }
        }

        var matcher = await Task.Run(() => BankMatcher.Build(chosen, Entries()), cancellationToken);
        var feed = new BankMatcherFeed(store, banks?.ToHashSet(), matcher, sequence, count);
        await feed.CatchUpAsync(cancellationToken);
        return feed;
    }

    /// <summary>Applies every change after <see cref="LastSequence"/>; returns how many were read.</summary>
    public Task<int> CatchUpAsync(CancellationToken cancellationToken = default) => CatchUpAsync(null, cancellationToken);

    /// <summary>
    /// Applies every change after <see cref="LastSequence"/>, and adds to <paramref name="matchable"/> each entry that
    /// became matchable (added or enabled) — what retroactive matching looks for in content recorded earlier.
    /// </summary>
    /// <returns>How many changes were read.</returns>
    public async Task<int> CatchUpAsync(ICollection<BankEntry>? matchable, CancellationToken cancellationToken = default)
    {
        var applied = 0;
        await foreach (var change in _store.ReadChangesAsync(LastSequence, cancellationToken))
        {
            if (_banks is null || _banks.Contains(change.Bank))
            {
                await ApplyAsync(change, cancellationToken);
                if (matchable is not null && !change.BankGone && change.Kind is BankChangeKind.EntryAdded or BankChangeKind.EntryEnabled && change.Entry is { Enabled: true } entry)
                {
                    matchable.Add(entry);
                }
            }

            LastSequence = change.Sequence;
            applied++;
        }

        return applied;
    }

    private async Task ApplyAsync(BankChange change, CancellationToken cancellationToken)
    {
        if (change.BankGone)
        {
            // A deleted bank's changes add nothing: its entries stop matching when its deletion is applied (here, or
            // already), and its name may by now be another bank's.
            if (change.Kind == BankChangeKind.BankDeleted)
            {
                await ForgetAsync(change, cancellationToken);
            }

            return;
        }

        switch (change.Kind)
        {
            case BankChangeKind.BankCreated or BankChangeKind.BankUpdated:
                if (await _store.GetBankAsync(change.Bank, cancellationToken) is { } bank)
                {
                    Matcher.SetBank(bank);
                }

                break;
            case BankChangeKind.EntryAdded or BankChangeKind.EntryEnabled or BankChangeKind.EntryDisabled when change.Entry is { } entry:
                // The change row carries the entry as it is now: make the matcher agree with that.
                Matcher.Remove(entry);
                if (entry.Enabled)
                {
                    Matcher.Add(entry);
                }

                break;
        }
    }

    /// <summary>
    /// Stops the deleted bank's entries matching, all at once (their hashes stay in memory until the matcher is next
    /// loaded); and when no live bank has taken its name, disables the name's settings so that they no longer widen the
    /// PDQ search.
    /// </summary>
    private async Task ForgetAsync(BankChange change, CancellationToken cancellationToken)
    {
        await foreach (var ids in _store.ReadDeletedEntryIdsAsync(change.Sequence, cancellationToken))
        {
            Matcher.Unassign(ids);
        }

        if (await _store.GetBankAsync(change.Bank, cancellationToken) is null && Matcher.FindBank(change.Bank) is { Enabled: true } stale)
        {
            Matcher.SetBank(stale with { Enabled = false });
        }
    }
}
