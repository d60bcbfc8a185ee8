namespace Aegis.Core.Cases;

/// <summary>A reviewer holds a case until <paramref name="Until"/>; nobody else may claim or decide it meanwhile.</summary>
/// <param name="Reviewer">Who holds it.</param>
/// <param name="Until">When the claim lapses.</param>
/// <param name="At">When it was made (or last renewed); null for a claim stored before claim times were kept.</param>
public sealed record CaseClaim(string Reviewer, DateTimeOffset Until, DateTimeOffset? At = null);
