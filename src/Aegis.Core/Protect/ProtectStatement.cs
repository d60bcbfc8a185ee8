namespace Aegis.Core.Protect;

/// <summary>What the person says about the pictures they protect (the protect page's three choices).</summary>
public enum ProtectStatement
{
    /// <summary>"This is me and I was under 18."</summary>
    SelfMinor,

    /// <summary>"I am their parent or guardian."</summary>
    Guardian,

    /// <summary>"This is me, an adult, and I did not agree to this being shared."</summary>
    SelfAdult,
}
