namespace Aegis.CyberTip.Submission;

/// <summary>Which of NCMEC's reporting services a client talks to.</summary>
public enum NcmecEnvironment
{
    /// <summary><c>https://exttest.cybertip.org/ispws</c>: NCMEC's test service; reports sent there are discarded. The default.</summary>
    Test,

    /// <summary><c>https://report.cybertip.org/ispws</c>: real CyberTipline reports. Used only when set explicitly.</summary>
    Production,
}
