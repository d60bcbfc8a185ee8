namespace Aegis.Core.Cases;

/// <summary>What a reviewer decides.</summary>
public enum DecisionKind
{
    /// <summary>Child sexual abuse material: needs NCMEC's industry classification.</summary>
    ConfirmCsam,

    /// <summary>Another violation of policy.</summary>
    ConfirmViolation,

    /// <summary>No violation.</summary>
    Dismiss,

    /// <summary>Send it up (to a senior reviewer, legal, law enforcement liaison); the case stays open.</summary>
    Escalate,
}
