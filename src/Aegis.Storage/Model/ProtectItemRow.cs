namespace Aegis.Storage.Model;

/// <summary>A row of <c>protect_items</c>: an item a submission's hashes matched, found at the submission or held later.</summary>
internal sealed class ProtectItemRow
{
    public long SubmissionId { get; set; }

    public long ContentRowId { get; set; }

    /// <summary>Held at the gate after the submission (else found among what was already up).</summary>
    public bool Later { get; set; }

    public DateTimeOffset At { get; set; }
}
