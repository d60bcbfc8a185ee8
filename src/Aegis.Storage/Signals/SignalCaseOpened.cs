namespace Aegis.Storage;

/// <summary>A signal's case: opened, or joined (a ring's, or the conversation's own open case).</summary>
/// <param name="ConversationId">The conversation, or the account for the outreach rule (<c>account:…</c>).</param>
/// <param name="CaseId">The case.</param>
/// <param name="Category">The case's category from this signal.</param>
/// <param name="Joined">It joined a case already open.</param>
public sealed record SignalCaseOpened(string ConversationId, long CaseId, Core.Reports.ReportCategory Category, bool Joined);
