using System.Globalization;
using Aegis.Core.Signals;

namespace Aegis.Server.Hosting;

/// <summary>
/// The message signals (<c>POST /v1/messages</c>, docs/signals.md, docs/operations.md "Message signals"): which banks,
/// how long a raised conversation's text is kept, the sequence threshold, the ring and outreach rules, what the
/// recipient is told, and a platform's own model.
/// </summary>
public sealed class SignalOptions
{
    /// <summary>Whether <c>POST /v1/messages</c> answers (404 while off). On by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether the starter banks shipped with Aegis (English, Spanish) are used beside the banks imported.</summary>
    public bool StarterBanks { get; set; } = true;

    /// <summary>Days the text of a conversation that raised a signal is kept (nothing of any other conversation is).</summary>
    public double RetentionDays { get; set; } = 90;

    /// <summary>The score at which a conversation raises a signal (0 to 1; docs/signals.md has the weights).</summary>
    public double Threshold { get; set; } = SequenceWeights.Default.Threshold;

    /// <summary>The least script similarity that puts a raised conversation in another's ring, and so in its case.</summary>
    public double RingThreshold { get; set; } = 0.6;

    /// <summary>How many distinct unconnected declared minors one sender may open conversations with in the window (0: off).</summary>
    public int OutreachMinMinors { get; set; } = 5;

    /// <summary>The outreach rule's window, in hours.</summary>
    public double OutreachWindowHours { get; set; } = 24;

    /// <summary>The most messages in one intake batch.</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>The banks whose attachments' matches count as a victim's own picture (the protect page's banks by default).</summary>
    public string[] VictimBanks { get; set; } = ["self-submitted", "self-submitted-exact"];

    /// <summary>Where the recipient is pointed for help.</summary>
    public string HelpUrl { get; set; } = "https://takeitdown.ncmec.org/";

    /// <summary>The line the platform is asked to show the recipient.</summary>
    public string RecipientMessage { get; set; } =
        "You are not in trouble. If someone is threatening to share pictures of you, stop replying, do not pay, and get help: you can have the pictures taken down.";

    /// <summary>A platform's own ONNX model beside the banks (<c>Signals:Model:*</c>); none by default.</summary>
    public SignalModelOptions Model { get; set; } = new();

    /// <summary>The policy the store applies.</summary>
    internal SignalPolicy Policy() => new(
        TimeSpan.FromDays(RetentionDays), RingThreshold, OutreachMinMinors > 0 ? new OutreachRule(OutreachMinMinors, TimeSpan.FromHours(OutreachWindowHours)) : null);

    internal static void Validate(SignalOptions o, List<string> problems)
    {
        static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        if (o.RetentionDays is <= 0 or > 3650)
        {
            problems.Add(Invariant($"Signals:RetentionDays (AEGIS_SIGNALS__RETENTIONDAYS) is more than 0 and at most 3650; got {o.RetentionDays}."));
        }

        if (o.Threshold is <= 0 or > 1 || o.RingThreshold is <= 0 or > 1)
        {
            problems.Add(Invariant($"Signals:Threshold and Signals:RingThreshold are more than 0 and at most 1; got {o.Threshold} and {o.RingThreshold}."));
        }

        if (o.OutreachMinMinors < 0 || o.OutreachWindowHours is <= 0 or > 24 * 365)
        {
            problems.Add(Invariant($"Signals:OutreachMinMinors is 0 (off) or more, and Signals:OutreachWindowHours more than 0 and at most a year; got {o.OutreachMinMinors} and {o.OutreachWindowHours}."));
        }

        if (o.MaxBatch is < 1 or > 10_000)
        {
            problems.Add(Invariant($"Signals:MaxBatch (AEGIS_SIGNALS__MAXBATCH) is 1 to 10000; got {o.MaxBatch}."));
        }

        if (!Uri.TryCreate(o.HelpUrl, UriKind.Absolute, out var u) || u.Scheme is not ("https" or "http"))
        {
            problems.Add($"Signals:HelpUrl (AEGIS_SIGNALS__HELPURL) is an absolute http(s) address; got '{o.HelpUrl}'.");
        }

        if (string.IsNullOrWhiteSpace(o.RecipientMessage))
        {
            problems.Add("Signals:RecipientMessage (AEGIS_SIGNALS__RECIPIENTMESSAGE) is needed.");
        }
        else if (Core.Input.FreeText.Validate("Signals:RecipientMessage", o.RecipientMessage, 1000) is { } bad)
        {
            problems.Add(bad);
        }

        SignalModelOptions.Validate(o.Model, problems);
    }
}
