namespace Aegis.Fakes.Ncmec;

/// <summary>Where a report stands at the fake NCMEC.</summary>
public enum FakeNcmecReportState
{
    /// <summary>Submitted, taking files and file details.</summary>
    Open,

    /// <summary>Finished: irreversible, nothing more is accepted (5102).</summary>
    Finished,

    /// <summary>Retracted before it was finished (5101).</summary>
    Retracted,

    /// <summary>Deleted unfinished: 24 h after opening or 1 h after its last change, whichever is later (5001).</summary>
    Expired,
}
