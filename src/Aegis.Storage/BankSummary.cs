using Aegis.Matching.Banks;

namespace Aegis.Storage;

/// <summary>A bank with its entry counts, as <see cref="BankStore.ListBanksAsync"/> returns it.</summary>
/// <param name="Bank">The bank.</param>
/// <param name="EnabledEntries">How many of its entries are enabled.</param>
/// <param name="TotalEntries">How many entries it holds, enabled or not.</param>
public sealed record BankSummary(Bank Bank, long EnabledEntries, long TotalEntries);
