namespace Aegis.Storage;

/// <summary>The uploader of a case's item: their other items, newest first, with the cases on them, and any suspension.</summary>
/// <param name="AccountId">The uploader.</param>
/// <param name="Suspension">The suspension by a confirmed case's cascade, if they were suspended.</param>
/// <param name="OtherItems">Their other items.</param>
public sealed record DossierUploader(string AccountId, AccountSuspension? Suspension, DossierList<UploaderItem> OtherItems);
