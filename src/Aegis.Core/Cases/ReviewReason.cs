using System.Text.Json.Serialization;

namespace Aegis.Core.Cases;

/// <summary>
/// Why a case is in the queue (several may hold), derived from what is stored every time it is read
/// (<see cref="ReviewReasons.Of"/>). Written by its wire name (<c>person-shown</c>, <c>bank-match</c>…).
/// </summary>
[JsonConverter(typeof(ReviewReasonJsonConverter))]
public enum ReviewReason
{
    /// <summary>A report came from the person shown (they said so; no proof is asked for).</summary>
    PersonShown,

    /// <summary>A report says the person shown was under 18.</summary>
    Minor,

    /// <summary>Law enforcement or a hotline flagged it.</summary>
    TrustedFlagger,

    /// <summary>It matched a bank: the gate held it on a match, or a bank entry added later matched it.</summary>
    BankMatch,

    /// <summary>The gate held it because its uploader is suspended for child sexual exploitation.</summary>
    SuspendedUploader,

    /// <summary>Another case's takedown cascade held it: a copy too far from that case's item to remove unseen.</summary>
    CascadeHold,

    /// <summary>A user of the platform (signed in or anonymous) reported it.</summary>
    UserReport,
}
