namespace Aegis.Storage;

/// <summary>
/// A TOTP secret just made, shown once to be put in an authenticator app (the <c>otpauth://</c> URI is what a QR code
/// holds); it is in use once a first code confirms it.
/// </summary>
public sealed record TotpEnrolment(string Secret, Uri OtpAuthUri);
