namespace Aegis.Storage;

/// <summary>What a sign-in check found: the outcome, and the user when the name is known.</summary>
public sealed record SignInResult(SignInOutcome Outcome, User? User);
