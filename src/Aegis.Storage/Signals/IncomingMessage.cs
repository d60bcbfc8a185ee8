using Aegis.Core.Signals;

namespace Aegis.Storage;

/// <summary>One message of an intake batch, as the store observes it.</summary>
/// <param name="ConversationId">The platform's conversation id.</param>
/// <param name="Message">The message as the detectors read it.</param>
/// <param name="Attachments">Its attachments' hashes and what they matched, as JSON (kept only once a signal is raised), or null.</param>
/// <param name="MediaSignal">A signal its attachments raised by matching a bank (the server's matcher decides), or null.</param>
public sealed record IncomingMessage(string ConversationId, ConversationMessage Message, string? Attachments = null, MediaSignal? MediaSignal = null);
