using Aegis.Core.Cases;

namespace Aegis.Storage.Model;

/// <summary>An item tied to a case other than the case's own (a reshare, a copy, a held copy, a held upload).</summary>
internal sealed class CaseLinkRow
{
    public long CaseId { get; set; }

    public long ContentRowId { get; set; }

    public CaseLinkKind Kind { get; set; }

    /// <summary>For a copy: its PDQ distance to the case's item.</summary>
    public int? Distance { get; set; }

    /// <summary>When it was linked (Unix milliseconds).</summary>
    public long LinkedAt { get; set; }
}
