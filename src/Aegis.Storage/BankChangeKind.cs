namespace Aegis.Storage;

/// <summary>What a row of the bank change feed records.</summary>
public enum BankChangeKind
{
    /// <summary>An entry was added to a bank.</summary>
    EntryAdded,

    /// <summary>An entry was disabled: it must no longer match.</summary>
    EntryDisabled,

    /// <summary>A disabled entry was enabled again.</summary>
    EntryEnabled,

    /// <summary>A bank's settings (threshold, action, kind, enabled, matching ratio, description, video rules) changed.</summary>
    BankUpdated,

    /// <summary>A bank was created.</summary>
    BankCreated,

    /// <summary>A bank was deleted: none of its entries may match any more, and its name may be taken by a new bank.</summary>
    BankDeleted,

    /// <summary>An entry's provenance changed (an exchange record's entry id, member or category); what it matches did not.</summary>
    EntryUpdated,

    /// <summary>
    /// The flood guard quarantined an entry: its matches hold instead of block. What it matches did not change (the gate
    /// reads the quarantine with its counts, in the database); the row tells every reader of the feed.
    /// </summary>
    EntryQuarantined,

    /// <summary>A curator released a quarantined entry: its matches act again.</summary>
    EntryReleased,
}
