using System.Text.Json;
using Aegis.Core.Signals;
using Aegis.Server.Evidence;
using Aegis.Storage;

namespace Aegis.Server.Signals;

/// <summary>
/// A confirmed conversation case's conversations preserved in the evidence vault (sealed, audited like any item): the
/// kept messages as the JSON array the CyberTipline report reads as its chat (<c>{"sent_at","from","to","text"}</c>),
/// after what each rule matched in the messages before the signal (whose text was not kept).
/// </summary>
internal sealed class ConversationEvidence(SignalStore signals, EvidenceVault vault)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Preserves each conversation of the case not yet preserved; returns how many were.</summary>
    public async Task<int> PreserveAsync(long caseId, CancellationToken cancellationToken)
    {
        var preserved = 0;
        foreach (var c in await signals.ConversationsOfCaseAsync(caseId, 1000, cancellationToken))
        {
            // Messages before the signal were not kept: what each rule matched in them stands in for them, in order.
            var kept = c.Kept.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
            var messages = c.Evidence.Where(e => !kept.Contains(e.MessageId))
                .Select(e => new Line(null, e.SenderId, null, $"[message {e.MessageId}, not kept: {e.Rule}{(e.Category is { } k ? " [" + SignalCategories.Name(k) + "]" : "")} matched \"{e.Matched}\"]"))
                .Concat(c.Kept.Select(m => new Line(m.SentAt, m.SenderId, m.RecipientId, m.Text ?? (m.Features is { } f ? $"[features: {f}]" : "[attachment]"))));
            var bytes = JsonSerializer.SerializeToUtf8Bytes(messages.ToList(), Json);
            try
            {
                var (_, created) = await vault.UploadAsync(
                    caseId, SignalRules.ContentId(c.ConversationId), bytes, "application/json",
                    new EvidenceExtras(c.SuspectId, null, c.FirstAt, null, $"conversation-{caseId}-{preserved + 1}.json"), SignalRules.Actor, cancellationToken);
                preserved += created ? 1 : 0;
            }
            catch (BankStoreException e) when (e.Error is BankStoreError.Conflict or BankStoreError.NotFound)
            {
                // preserved already (by another node, with what it held then), or not an item of this case
            }
        }

        return preserved;
    }

    private sealed record Line(DateTimeOffset? SentAt, string From, string? To, string Text);
}
