namespace Aegis.CyberTip.Reports;

/// <summary>One message of a <see cref="CyberTipChat"/>.</summary>
/// <param name="SentAt">When it was sent.</param>
/// <param name="From">The sender's account id (or screen name).</param>
/// <param name="To">The recipient's account id (or screen name); null for a group.</param>
/// <param name="Text">What it said, as sent.</param>
public sealed record CyberTipMessage(DateTimeOffset SentAt, string From, string? To, string Text);
