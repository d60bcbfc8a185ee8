using System.Text.Json;

namespace Aegis.Core.Events;

/// <summary>
/// An audit entry in a few words, for a case's timeline: what the events of <c>Aegis.Core.Events</c> wrote as their audit
/// data (snake_case), picked out per action. Anything it does not know, or data it cannot read, is summarized by its
/// action alone: a summary never fails.
/// </summary>
public static class AuditSummary
{
    /// <summary>The longest summary; longer ones end in an ellipsis (a reason can be 10,000 characters).</summary>
    public const int MaxLength = 200;

    /// <summary>A short summary of an entry with <paramref name="action"/> and <paramref name="data"/> (a JSON object).</summary>
    public static string Describe(string action, string data)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            using var document = JsonDocument.Parse(data ?? "{}");
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return action;
            }

            var text = Describe(action, new Fields(root));
            return string.IsNullOrWhiteSpace(text) ? action : Clip(text);
        }
        catch (JsonException)
        {
            return action;
        }
    }

    private static string? Describe(string action, Fields f) => action switch
    {
        "report.received" => Join(
            $"{f["category"]} report",
            f["source"] is { } source ? $"from {source}" : null,
            f.True("is_subject") ? "by the person shown" : null,
            f.True("minor") ? "says a minor is shown" : null,
            f["outcome"]),
        "case.opened" or "case.escalated" => f["reason"],
        "case.claimed" => f["until"] is { } until ? $"claimed until {until}" : "claimed",
        "case.released" => "released",
        "case.decided" => Join($"{f["decision"]}{(f["classification"] is { } c ? $" {c.ToUpperInvariant()}" : "")} ({f["role"]})", f["reason"]),
        "case.decision_refused" => Join($"{f["kind"]} refused", f["refusal"]),
        "case.appealed" => Join($"appealed by {f["account_id"]}", f["text"]),
        "case.appeal_decided" => Join($"appeal {f["outcome"]} ({f["role"]})", f["reason"]),
        "content.restricted" or "content.removed" or "content.demonetized" or "content.restored" => Join(f["content_id"], f["reason"]),
        "content.exposure_after_restriction" =>
            $"{f["content_id"]} seen while {f["status"]}: views {f["views_before"]} → {f["views"]}, shares {f["shares_before"]} → {f["shares"]}",
        "exposure.corrected" => Join($"{f["content_id"]}: views {f["previous_views"]} → {f["views"]}, shares {f["previous_shares"]} → {f["shares"]}", f["reason"]),
        "cascade.applied" => $"{f["removed"]} removed, {f["banked"]} banked, {f["steps"]} steps",
        "account.suspended" => Join($"{f["account_id"]} suspended", f["reason"]),
        "evidence.viewed" => Join(f["content_id"], f["evidence_id"] is { } id ? $"evidence {id} read" : "case viewed", f["purpose"]),
        "evidence.preserved" => Join($"{f["content_id"]} preserved", f["media_type"], f["size"] is { } size ? $"{size} bytes" : null, f["source"] is { } from ? $"from {from}" : null),
        "evidence.missing" => Join($"{f["content_id"]} missing", f["reason"]),
        "evidence.held" => Join("legal hold", f["reason"]),
        "evidence.released" => Join("hold released", f["reason"]),
        "evidence.integrity_failed" => Join("integrity check failed", f["problem"]),
        "evidence.retention_extended" => Join($"kept until {f["retain_until"]}", f["reason"]),
        "evidence.deleted" => Join($"{f["content_id"]} deleted", f["retain_until"] is { } retained ? $"kept until {retained}" : null),
        "cybertip.drafted" => $"report {f["report_id"]} drafted{(f["case_id"] is { } caseId ? $" with case {caseId}" : "")}",
        "cybertip.approved" => $"report {f["report_id"]} approved",
        "cybertip.step" => Join($"{f["action"]} {(f.True("succeeded") ? "succeeded" : "failed")}", f["content_id"], f["error"]),
        "cybertip.submitted" => $"report {f["report_id"]} submitted as NCMEC report {f["ncmec_report_id"]}",
        "cybertip.failed" => Join($"report {f["report_id"]} failed", f["reason"], f["remedy"]),
        "cybertip.viewed" => $"report {f["report_id"]} viewed",
        _ => null,
    };

    private static string Join(params string?[] parts) => string.Join("; ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string Clip(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1), "…");
    }

    /// <summary>The data's top-level fields as text (numbers and strings as written; anything else as JSON).</summary>
    private readonly struct Fields(JsonElement root)
    {
        public string? this[string name] => root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        } : null;

        public bool True(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
    }
}
