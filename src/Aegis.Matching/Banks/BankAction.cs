namespace Aegis.Matching.Banks;

/// <summary>What a match against a bank does to an upload.</summary>
public enum BankAction
{
    /// <summary>Refuse the upload.</summary>
    Block,

    /// <summary>Hold the upload for human review before it is published.</summary>
    Hold,

    /// <summary>Publish, but record the match.</summary>
    Flag,
}
