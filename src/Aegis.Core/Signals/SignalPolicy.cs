namespace Aegis.Core.Signals;

/// <summary>What the message intake keeps and how it joins conversations into rings and accounts into outreach cases.</summary>
/// <param name="Retention">How long the text of a conversation that raised a signal is kept (from the signal).</param>
/// <param name="RingThreshold">The least script similarity that puts a raised conversation in another's ring (its case).</param>
/// <param name="Outreach">The minor-outreach rule; null turns it off.</param>
/// <param name="ScriptMessages">How many of the opener's first messages make its script signature.</param>
public sealed record SignalPolicy(TimeSpan Retention, double RingThreshold, OutreachRule? Outreach, int ScriptMessages = 5)
{
    /// <summary>90 days of text, rings at 0.6, five minors in 24 hours.</summary>
    public static SignalPolicy Default { get; } = new(TimeSpan.FromDays(90), 0.6, new OutreachRule(5, TimeSpan.FromHours(24)));
}
