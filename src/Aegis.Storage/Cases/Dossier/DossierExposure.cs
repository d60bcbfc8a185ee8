namespace Aegis.Storage;

/// <summary>A case item's exposure: at the first report (or the gate), at restriction, at removal, and now.</summary>
/// <param name="AtFirstReport">When the case opened.</param>
/// <param name="AtRestriction">When the item was restricted, if it was.</param>
/// <param name="AtRemoval">When it was removed, if it was.</param>
/// <param name="Now">As the platform last reported them.</param>
/// <param name="Alerts">Views or shares reported after the item or a linked item was restricted or removed, newest first.</param>
public sealed record DossierExposure(
    ExposureCount AtFirstReport, ExposureCount? AtRestriction, ExposureCount? AtRemoval, ExposureCount Now, DossierList<ExposureAlert> Alerts);
