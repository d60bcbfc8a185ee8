using Aegis.Core.Protect;
using Aegis.Matching.Banks;

namespace Aegis.Storage;

/// <summary>A checked submission from the protect page, ready to store.</summary>
/// <param name="ReceiptKey">The receipt code's key (<see cref="ProtectReceipt.Key"/>).</param>
/// <param name="Statement">What the person said.</param>
/// <param name="Contact">The optional contact, sealed, and the key that sealed it.</param>
/// <param name="Files">How many files it named.</param>
/// <param name="Hashes">Each hash to bank (type and canonical value: PDQ hex, digests, a vPDQ signal) and the bank it goes in.</param>
public sealed record ProtectNew(
    string ReceiptKey, ProtectStatement Statement, (string KeyId, byte[] Sealed)? Contact, int Files, IReadOnlyList<(string Bank, SignalType Type, string Value)> Hashes);
