namespace Aegis.Storage;

/// <summary>How a password or TOTP check ended.</summary>
public enum SignInOutcome
{
    /// <summary>Signed in: the count of failures is cleared and the time kept.</summary>
    Succeeded,

    /// <summary>The password is right and the user has TOTP: a code must follow (<see cref="UserStore.VerifyTotpAsync"/>).</summary>
    SecondFactorRequired,

    /// <summary>Unknown user, wrong password or wrong (or reused) code; counted towards a lock.</summary>
    Failed,

    /// <summary>The account is locked after failed sign-ins; nothing was checked or counted.</summary>
    LockedOut,

    /// <summary>The account is disabled.</summary>
    Disabled,
}
