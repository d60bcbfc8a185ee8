namespace Aegis.Core.Gate;

/// <summary>What the gate tells the platform to do with an upload.</summary>
public enum Verdict
{
    /// <summary>Publish it.</summary>
    Allow,

    /// <summary>Do not publish it yet: a person must look first.</summary>
    Hold,

    /// <summary>Refuse it: it is known material.</summary>
    Block,
}
