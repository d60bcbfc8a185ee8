namespace Aegis.Core.Cases;

/// <summary>Why the workflow refused a step; nothing changed.</summary>
/// <param name="Kind">Bad input, or not allowed in the case's state.</param>
/// <param name="Message">What a person reads.</param>
public sealed record CaseRefusal(CaseRefusalKind Kind, string Message)
{
    public static CaseRefusal Invalid(string message) => new(CaseRefusalKind.Invalid, message);

    public static CaseRefusal Conflict(string message) => new(CaseRefusalKind.Conflict, message);
}

/// <summary>The kinds of refusal (an HTTP API answers 400 and 409).</summary>
public enum CaseRefusalKind
{
    /// <summary>The request itself is wrong (a missing reason, a text too long).</summary>
    Invalid,

    /// <summary>The case's state does not allow it (closed, claimed by another, the two-person rule).</summary>
    Conflict,
}
