using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Reports;
using static Aegis.Core.Tests.Cases.Cases;

namespace Aegis.Core.Tests.Cases;

public sealed class DomainEventTests
{
    /// <summary>The platform's webhook types: its integration handles exactly these.</summary>
    private static readonly string[] WebhookTypes =
    [
        "content.restricted", "content.restored", "content.removed", "content.demonetized", "content.matched", "content.exposure_corrected", "content.exposure_after_restriction",
        "account.suspended", "account.review_requested",
        "case.opened", "case.updated", "case.escalated", "case.decided", "case.appealed", "case.appeal_decided", "case.actions",
        "evidence.preserved", "evidence.missing",
        "cybertip.drafted", "cybertip.approved", "cybertip.submitted", "cybertip.failed",
        "exchange.failing", "exchange.recovered", "exchange.entry_quarantined", "exchange.quarantined",
        "protect.submitted", "protect.withdrawn", "protect.hash_quarantined",
        "conversation.protect_recipient",
    ];

    /// <summary>How webhook payloads and audit data are written.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>What the event's envelope (or the audit entry's columns) says, never its payload.</summary>
    private static readonly string[] EnvelopeNames = ["actor", "webhook_type", "audit_action", "audit_subject"];

    private const string SnakeCase = "^[a-z][a-z0-9]*(_[a-z0-9]+)*$";

    /// <summary>Words only a reviewer or the uploader wrote: audited, never sent to the platform.</summary>
    private const string Secret = "private words 5f2a";

    private static readonly Type[] EventTypes = [.. typeof(DomainEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(DomainEvent)) && !t.IsAbstract)
        .OrderBy(t => t.Name, StringComparer.Ordinal)];

    public static TheoryData<Type> Events => [.. EventTypes];

    [Fact]
    public void Every_event_is_told_or_audited_under_names_of_its_own()
    {
        var events = EventTypes.Select(Sample).ToList();

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(e.WebhookType is not null || e.AuditAction is not null, $"{e.GetType().Name} is neither told nor audited."));
        Assert.Empty(Duplicates(events.Select(e => e.WebhookType)));
        Assert.Empty(Duplicates(events.Select(e => e.AuditAction)));
        Assert.All(events, e => Assert.Matches("^(case|content|account|evidence|cybertip|user|bank|apikey|exchange|exchange-api|protect|conversation|pattern-bank):.+$", e.AuditSubject));
    }

    [Fact]
    public void The_platform_is_told_exactly_its_webhook_types()
    {
        var told = EventTypes.Select(Sample).Select(e => e.WebhookType).OfType<string>();

        Assert.Equal(WebhookTypes.Order(StringComparer.Ordinal), told.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void A_payload_is_the_events_own_fields_in_snake_case(Type type)
    {
        var e = Sample(type);

        var payload = Payload(e);

        Assert.NotEmpty(payload);
        Assert.All(payload, p => Assert.Matches(SnakeCase, p.Key));

        // Enum values are snake_case names, not numbers.
        foreach (var property in type.GetProperties().Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null))
        {
            var clr = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (clr.IsEnum && payload[JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name)] is { } value)
            {
                Assert.Matches(SnakeCase, value.GetValue<string>());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void A_payload_leaves_out_the_envelope(Type type)
    {
        var payload = Payload(Sample(type));

        Assert.Empty(payload.Select(p => p.Key).Intersect(EnvelopeNames));
    }

    [Fact]
    public void A_match_for_an_item_already_removed_is_not_told_and_the_status_is_no_part_of_the_payload()
    {
        var matched = new ContentMatched("post-1", "platform-confirmed", 3, Matching.Banks.SignalType.Pdq, 0, Matching.Banks.BankAction.Block);

        Assert.Equal("content.matched", matched.WebhookType);
        Assert.Equal("content.matched", (matched with { Status = ContentStatus.Restricted }).WebhookType);
        Assert.Null((matched with { Status = ContentStatus.Removed }).WebhookType);
        Assert.False(Payload(matched with { Status = ContentStatus.Removed }).ContainsKey("status"));
    }

    [Fact]
    public void A_decisions_payload_says_what_was_decided_but_not_the_reviewers_words()
    {
        var decided = new CaseDecided(OpenCase(), new Decision("ana", ReviewerRole.Senior, DecisionKind.ConfirmCsam, Secret, NcmecClassification.A1));

        var payload = Payload(decided);
        var audit = Serialize(decided.AuditData());

        Assert.DoesNotContain(Secret, payload.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(Secret, audit, StringComparison.Ordinal);
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse("""
                    {
                      "case_id": 7, "content_id": "video-1", "state": "open", "level": "child_safety", "reports": 1,
                      "decision": "confirm_csam", "reviewer": "ana", "role": "senior", "classification": "a1"
                    }
                    """),
                payload),
            payload.ToJsonString());
    }

    /// <summary>Each workflow step that takes a person's free text: the text is audited, and no webhook carries it.</summary>
    public static TheoryData<string> StepsWithWords => ["confirm", "dismiss", "escalate", "appeal", "decide appeal", "correct exposure"];

    [Theory]
    [MemberData(nameof(StepsWithWords))]
    public void A_persons_own_words_are_audited_and_never_sent_to_the_platform(string step)
    {
        var events = Step(step);

        Assert.Contains(events, e => e.AuditAction is not null && Serialize(e.AuditData()).Contains(Secret, StringComparison.Ordinal));
        Assert.All(
            events.Where(e => e.WebhookType is not null),
            e => Assert.DoesNotContain(Secret, Payload(e).ToJsonString(), StringComparison.Ordinal));
    }

    private static IReadOnlyList<DomainEvent> Step(string step)
    {
        var restricted = Item(status: ContentStatus.Restricted);
        var removed = Item(status: ContentStatus.Removed);
        var confirmed = CascadedCase();
        var t = step switch
        {
            "confirm" => CaseWorkflow.Decide(OpenCase(), restricted, Decide("ana", ReviewerRole.Reviewer, DecisionKind.ConfirmViolation, Secret), Now),
            "dismiss" => CaseWorkflow.Decide(OpenCase(childSafety: false), restricted, Decide("ana", ReviewerRole.Reviewer, DecisionKind.Dismiss, Secret), Now),
            "escalate" => CaseWorkflow.Decide(OpenCase(), restricted, Decide("ana", ReviewerRole.Reviewer, DecisionKind.Escalate, Secret), Now),
            "appeal" => CaseWorkflow.Appeal(confirmed, removed, Uploader, Secret, Now),
            "decide appeal" => CaseWorkflow.DecideAppeal(
                confirmed with { Appeal = new CaseAppeal(Now, Uploader, "please") }, removed, "dan", ReviewerRole.Senior, overturn: true, Secret),
            "correct exposure" => null,
            _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
        };
        if (t is null)
        {
            var correction = CaseWorkflow.CorrectExposure(Item(), [OpenCase()], 0, 0, Secret, "platform-key");
            Assert.Null(correction.Refusal);
            return correction.Events;
        }

        Assert.Null(t.Refusal);
        return t.Events;
    }

    private static JsonObject Payload(DomainEvent e) =>
        JsonSerializer.SerializeToNode(e, e.GetType(), Json)!.AsObject();

    private static string Serialize(object data) => JsonSerializer.Serialize(data, data.GetType(), Json);

    private static IEnumerable<string> Duplicates(IEnumerable<string?> names) =>
        names.OfType<string>().GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key);

    /// <summary>An instance of an event type, from its widest public constructor, with a plausible value for each parameter.</summary>
    private static DomainEvent Sample(Type type)
    {
        var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length)
            ?? throw new InvalidOperationException($"{type.Name} has no public constructor.");
        var arguments = constructor.GetParameters().Select(p => Value(p.ParameterType, p.Name!)).ToArray();
        return (DomainEvent)constructor.Invoke(arguments);
    }

    private static object? Value(Type type, string name)
    {
        var clr = Nullable.GetUnderlyingType(type) ?? type;
        return clr switch
        {
            _ when clr == typeof(string) => $"{name}-1",
            _ when clr == typeof(long) => 7L,
            _ when clr == typeof(int) => 3,
            _ when clr == typeof(bool) => true,
            _ when clr == typeof(double) => 2.5,
            _ when clr == typeof(DateTimeOffset) => Now,
            _ when clr == typeof(Case) => OpenCase(),
            _ when clr == typeof(Aegis.Core.CyberTip.CyberTipReport) => new Aegis.Core.CyberTip.CyberTipReport(4, "acct-1") { CaseIds = [7], NcmecReportId = 900 },
            _ when clr == typeof(IReadOnlyList<long>) => new long[] { 7 },
            _ when clr == typeof(IReadOnlyList<string>) => new[] { $"{name}-1" },
            _ when clr == typeof(IReadOnlyDictionary<string, string?>) => new Dictionary<string, string?> { ["pdq_threshold"] = "31" },
            _ when clr == typeof(IReadOnlyList<CaseItemAction>) => new[] { new CaseItemAction("post-1", CaseActionKind.Removed, "confirmed") },
            _ when clr == typeof(IReadOnlyList<CaseAccountAction>) => new[] { new CaseAccountAction("acct-1", CaseActionKind.Suspended, "uploaded post-1") },
            _ when clr == typeof(Decision) => new Decision("ana", ReviewerRole.Senior, DecisionKind.ConfirmCsam, "seen in full", NcmecClassification.A1),
            { IsEnum: true } => Enum.GetValues(clr).GetValue(0),
            _ => throw new NotSupportedException($"No sample value for a {type.Name} ({name}): add one."),
        };
    }
}
