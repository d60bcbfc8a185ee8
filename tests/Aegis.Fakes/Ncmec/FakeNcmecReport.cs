namespace Aegis.Fakes.Ncmec;

/// <summary>A report as the fake NCMEC holds it (a snapshot: it does not change after it is read).</summary>
/// <param name="Id">NCMEC's report id.</param>
/// <param name="Username">The account that submitted it.</param>
/// <param name="Xml">The report XML as posted.</param>
/// <param name="OpenedAt">When it was submitted (the fake's clock).</param>
/// <param name="LastChangedAt">When it was submitted or last took a file or file details.</param>
/// <param name="State">Open, finished, retracted or expired.</param>
/// <param name="Files">The files uploaded to it, in order.</param>
public sealed record FakeNcmecReport(
    long Id,
    string Username,
    string Xml,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastChangedAt,
    FakeNcmecReportState State,
    IReadOnlyList<FakeNcmecFile> Files)
{
    /// <summary>When an unfinished report is deleted: 24 h after opening or 1 h after its last change, whichever is later.</summary>
    public DateTimeOffset ExpiresAt => Max(OpenedAt + FakeNcmec.OpenWindow, LastChangedAt + FakeNcmec.IdleWindow);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
