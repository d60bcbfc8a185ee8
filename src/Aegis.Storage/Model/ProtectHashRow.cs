namespace Aegis.Storage.Model;

/// <summary>A row of <c>protect_hashes</c>: a bank entry a submission holds (two people may hold one entry).</summary>
internal sealed class ProtectHashRow
{
    public long SubmissionId { get; set; }

    public long EntryId { get; set; }
}
