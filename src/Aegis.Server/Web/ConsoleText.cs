using System.Globalization;
using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Server.Web;

/// <summary>The console's words for the domain's values and for times: one place, so every page says them alike.</summary>
internal static class ConsoleText
{
    /// <summary>Why a case is in the queue, as a reviewer reads it.</summary>
    public static string Reason(ReviewReason reason) => reason switch
    {
        ReviewReason.PersonShown => "reported by the person shown",
        ReviewReason.Minor => "said to show someone under 18",
        ReviewReason.TrustedFlagger => "trusted flagger",
        ReviewReason.BankMatch => "bank match",
        ReviewReason.SuspendedUploader => "uploader suspended for child safety",
        ReviewReason.CascadeHold => "copy held by another case's takedown",
        ReviewReason.UserReport => "user report",
        _ => ReviewReasons.Name(reason),
    };

    /// <summary>A queue's name in words.</summary>
    public static string Queue(ReviewQueue queue) => queue switch
    {
        ReviewQueue.ChildSafety => "child safety",
        ReviewQueue.General => "general",
        ReviewQueue.Senior => "senior review",
        ReviewQueue.Appeals => "appeals",
        _ => ReviewQueues.Name(queue),
    };

    /// <summary>A priority level in words, most urgent first: "5 · critical".</summary>
    public static string Priority(PriorityLevel level) => level switch
    {
        PriorityLevel.Critical => "5 · critical",
        PriorityLevel.TrustedFlag => "4 · trusted flag",
        PriorityLevel.ChildSafety => "3 · child safety",
        PriorityLevel.High => "2 · high",
        PriorityLevel.Normal => "1 · normal",
        _ => ((int)level).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A case's state in words.</summary>
    public static string State(CaseState state) => state switch
    {
        CaseState.Open => "open",
        CaseState.AwaitingSecondReview => "awaiting a second review",
        CaseState.Confirmed => "confirmed",
        CaseState.ConfirmedByMatch => "confirmed by a match at the gate",
        CaseState.Dismissed => "dismissed",
        _ => state.ToString(),
    };

    /// <summary>Where an SLA stands at <paramref name="now"/>: "1 h 20 min left", "breached 2 h ago", or "no SLA".</summary>
    public static string Sla(DateTimeOffset? due, DateTimeOffset now) =>
        due is not { } at ? "no SLA"
        : at > now ? $"{Span(at - now)} left"
        : $"breached {Span(now - at)} ago";

    /// <summary>A length of time to the minute: "45 s", "12 min", "2 h 5 min", "3 d 4 h".</summary>
    public static string Span(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)span.TotalSeconds)} s")
        : span < TimeSpan.FromHours(1) ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min")
        : span < TimeSpan.FromDays(1) ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h{(span.Minutes > 0 ? $" {span.Minutes} min" : "")}")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d{(span.Hours > 0 ? $" {span.Hours} h" : "")}");

    /// <summary>A moment in UTC, to the minute: "2026-12-05 10:42 UTC".</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A moment's clock time in UTC: "10:42 UTC".</summary>
    public static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A moment for a <c>datetime</c> attribute and for script: ISO 8601 in UTC.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An enum value in lower-case words: <c>ChildSexualExploitation</c> is "child sexual exploitation".</summary>
    public static string Words(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = value.ToString();
        var words = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(name[i]));
        }

        return words.ToString();
    }

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A video time: "0:07.5", "1:02:03".</summary>
    public static string VideoTime(TimeSpan at) =>
        at.TotalHours >= 1 ? at.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : at.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture);
}
