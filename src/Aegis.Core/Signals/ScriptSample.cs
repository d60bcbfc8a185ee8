namespace Aegis.Core.Signals;

/// <summary>One conversation's script, for ring clustering.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="AccountId">The account that sent the script.</param>
/// <param name="Signature">The script's sketch.</param>
public sealed record ScriptSample(string ConversationId, string AccountId, ScriptSignature Signature);
