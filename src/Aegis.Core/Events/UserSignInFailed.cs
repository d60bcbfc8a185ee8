using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A sign-in as this user failed (a wrong password or code, a locked or disabled account): audited only.</summary>
/// <param name="Actor">Who tried: the name given, or <c>system</c>.</param>
/// <param name="Name">The user.</param>
/// <param name="Reason"><c>password</c>, <c>totp</c>, <c>locked</c> or <c>disabled</c>.</param>
/// <param name="FailedAttempts">Failures in a row after this one (0 when this one locked the account).</param>
public sealed record UserSignInFailed(string Actor, string Name, string Reason, int FailedAttempts) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "user.signin_failed";

    [JsonIgnore]
    public override string AuditSubject => $"user:{Name}";
}
