namespace Aegis.Core.Cascade;

/// <summary>One kind of step of the takedown cascade.</summary>
public enum CascadeKind
{
    /// <summary>Take the item down (webhook <c>content.removed</c>).</summary>
    RemoveContent,

    /// <summary>A copy too far from the confirmed item to remove unseen: hide it until a reviewer looks.</summary>
    HoldContent,

    /// <summary>Stop the item earning (webhook <c>content.demonetized</c>).</summary>
    Demonetize,

    /// <summary>Add the item's hashes to the platform's own bank, so re-uploads are blocked at the gate.</summary>
    BankHashes,

    /// <summary>Suspend the uploader of the confirmed item (webhook <c>account.suspended</c>).</summary>
    SuspendAccount,

    /// <summary>Queue an account that reshared or re-uploaded it for review (webhook <c>account.review_requested</c>).</summary>
    ReviewAccount,
}
