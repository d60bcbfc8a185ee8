using Aegis.Core.Protect;

namespace Aegis.Storage.Model;

/// <summary>A row of <c>protect_submissions</c>: what a person submitted through the protect page, found by its receipt's key.</summary>
internal sealed class ProtectSubmissionRow
{
    public long Id { get; set; }

    /// <summary>SHA-256 of the receipt code (<see cref="ProtectReceipt.Key"/>); the code itself is never stored.</summary>
    public required string ReceiptKey { get; set; }

    public ProtectStatement Statement { get; set; }

    /// <summary>The optional contact, sealed with the evidence key ring (<see cref="ContactKeyId"/>), or null.</summary>
    public byte[]? Contact { get; set; }

    public string? ContactKeyId { get; set; }

    public int Files { get; set; }

    public int Hashes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>The case its matches gather in (opened by the first item found), or null while nothing matched.</summary>
    public long? CaseId { get; set; }
}
