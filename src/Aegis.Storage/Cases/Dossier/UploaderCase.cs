using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Storage;

/// <summary>A case on another item of the same uploader.</summary>
/// <param name="Id">The case.</param>
/// <param name="State">Open, awaiting second review, confirmed, confirmed by match or dismissed.</param>
/// <param name="Level">Its priority level.</param>
/// <param name="Origin">What opened it.</param>
public sealed record UploaderCase(long Id, CaseState State, PriorityLevel Level, CaseOrigin Origin);
