namespace Aegis.Storage;

/// <summary>Why a <see cref="BankStore"/> call was refused.</summary>
public enum BankStoreError
{
    /// <summary>The input is not valid (a bank name, a threshold, a hash value).</summary>
    Invalid,

    /// <summary>The named bank or the entry does not exist.</summary>
    NotFound,

    /// <summary>A bank with that name already exists.</summary>
    AlreadyExists,

    /// <summary>The call contradicts what is stored (e.g. a content id recorded with other hashes).</summary>
    Conflict,
}
