namespace Aegis.Exchanges.Ncmec;

/// <summary>
/// NCMEC's hash sharing environments: each is a database of its own (industry CSAM, exploitative, NGO, generative AI,
/// law enforcement) with its own test host. The <c>environment</c> setting is one of these URLs, as python-threatexchange's
/// <c>NCMECEnvironment</c> has them.
/// </summary>
public static class NcmecEnvironments
{
    /// <summary>Every environment, production first.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "https://report.cybertip.org/hashsharing",
        "https://report.cybertip.org/exploitative-hashsharing",
        "https://lesp.ncmec.org/csam-hashsharing",
        "https://hashsharing.ncmec.org/npo",
        "https://hashsharing.ncmec.org/exploitative",
        "https://hashsharing.ncmec.org/generative-ai-csam",
        "https://hashsharing.ncmec.org/generative-ai-exploitative",
        "https://exttest.cybertip.org/hashsharing",
        "https://exttest.cybertip.org/exploitative-hashsharing",
        "https://betalesp.ncmec.org/csam-hashsharing",
        "https://hashsharing-test.ncmec.org/npo",
        "https://hashsharing-test.ncmec.org/exploitative",
        "https://hashsharing-test.ncmec.org/generative-ai-csam",
        "https://hashsharing-test.ncmec.org/generative-ai-exploitative",
    ];
}
