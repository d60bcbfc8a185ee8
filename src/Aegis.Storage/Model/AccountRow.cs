namespace Aegis.Storage.Model;

/// <summary>An account the cascade suspended: told once, and held at the gate when it was for child sexual exploitation.</summary>
internal sealed class AccountRow
{
    public required string AccountId { get; set; }

    /// <summary>The case whose cascade suspended it.</summary>
    public long CaseId { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long SuspendedAt { get; set; }

    /// <summary>The case was about a child who may be harmed: its uploads are held at the gate.</summary>
    public bool ChildSafety { get; set; }

    public string? Reason { get; set; }
}
