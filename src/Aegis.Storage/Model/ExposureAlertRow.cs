namespace Aegis.Storage.Model;

/// <summary>Views or shares the platform reported for an item it had been told to restrict or remove.</summary>
internal sealed class ExposureAlertRow
{
    public long Id { get; set; }

    public long ContentRowId { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long At { get; set; }

    public long Views { get; set; }

    public long Shares { get; set; }

    public long ViewsBefore { get; set; }

    public long SharesBefore { get; set; }
}
