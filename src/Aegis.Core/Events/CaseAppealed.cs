using System.Text.Json.Serialization;
using Aegis.Core.Cases;

namespace Aegis.Core.Events;

/// <summary>The uploader appealed a confirmed case.</summary>
public sealed record CaseAppealed : CaseFields
{
    public CaseAppealed(Case c, string accountId, string? text)
        : base(accountId, c) => (AccountId, Text) = (accountId, text);

    public string AccountId { get; init; }

    /// <summary>The appeal's words: audited, not sent back to the platform.</summary>
    [JsonIgnore]
    public string? Text { get; init; }

    [JsonIgnore]
    public override string WebhookType => "case.appealed";

    [JsonIgnore]
    public override string AuditAction => "case.appealed";

    public override object AuditData() => new { AccountId, Text };
}
