namespace Aegis.Core.Events;

/// <summary>What a case did to one item or account, as a <see cref="CaseActions"/> page says it.</summary>
public enum CaseActionKind
{
    /// <summary>The item was taken down.</summary>
    Removed,

    /// <summary>The item must stop earning.</summary>
    Demonetized,

    /// <summary>The item (a farther copy) is hidden and sent to review with a case of its own.</summary>
    Held,

    /// <summary>The item is hidden pending review.</summary>
    Restricted,

    /// <summary>The account is to be suspended.</summary>
    Suspended,

    /// <summary>The account is queued for the platform's review.</summary>
    ReviewRequested,
}
