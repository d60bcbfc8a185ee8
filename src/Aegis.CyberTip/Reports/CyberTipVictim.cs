namespace Aegis.CyberTip.Reports;

/// <summary>
/// A child concerned (the report's <c>victim</c>), e.g. one who reported the content themselves. The schema has no
/// "is a minor" field: a known age goes in <c>victimPerson/age</c>, and that the victim said they were a minor (and
/// reported it themselves) is written in the victim's <c>additionalInfo</c>.
/// </summary>
/// <param name="AccountId">The victim's account id on the service (<c>espIdentifier</c>), when they have one.</param>
public sealed record CyberTipVictim(string? AccountId)
{
    /// <summary>The victim's screen name (<c>screenName</c>).</summary>
    public string? ScreenName { get; init; }

    /// <summary>The victim's age, when they gave it (<c>victimPerson/age</c>).</summary>
    public int? Age { get; init; }

    /// <summary>The victim said, or is known, to be a minor.</summary>
    public bool Minor { get; init; }

    /// <summary>The victim reported the content or the conversation themselves.</summary>
    public bool ReportedThemselves { get; init; }

    /// <summary>Anything else about the victim (<c>additionalInfo</c>, after what the flags above say).</summary>
    public string? AdditionalInfo { get; init; }
}
