using System.Text.Json;
using Aegis.Core.Input;
using Aegis.Core.Signals;
using Aegis.Server.Cases;
using Aegis.Server.Gate;
using Aegis.Server.Hosting;
using Aegis.Server.Webhooks;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Signals;

/// <summary>
/// The message intake on a node: a batch checked, its attachments matched against the hash banks (as uploads are,
/// the protect page's banks included), its messages observed under each conversation's lock, the cases of what raised
/// a signal opened or joined, and the protection webhooks sent, all before the answer returns.
/// </summary>
internal sealed class SignalService(
    SignalStore store, SignalEngine engine, MediaGate gate, CaseService cases, WebhookDelivery hooks, ServerOptions options)
{
    /// <summary>The webhook the platform must act on before the intake answers.</summary>
    public const string ProtectWebhook = "conversation.protect_recipient";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Takes a batch. Throws <see cref="GateException"/> (400, 413) for one that cannot be taken; nothing of it is then stored.</summary>
    public async Task<MessageBatchAnswer> IntakeAsync(MessageBatchRequest request, CancellationToken cancellationToken)
    {
        var messages = request.Messages ?? throw Bad("messages: give a list of messages.");
        if (messages.Count == 0)
        {
            throw Bad("messages: give at least one message.");
        }

        if (messages.Count > options.Signals.MaxBatch)
        {
            throw new GateException(StatusCodes.Status413PayloadTooLarge, "Batch too large", $"messages: at most {options.Signals.MaxBatch} in one batch; got {messages.Count}.");
        }

        var incoming = new List<IncomingMessage>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            incoming.Add(await ReadAsync(messages[i] ?? throw Bad($"messages[{i}]: a message is an object."), $"messages[{i}]", cancellationToken));
        }

        var policy = options.Signals.Policy();
        var detector = await engine.DetectorAsync(cancellationToken);
        var batch = await store.ObserveAsync(incoming, detector, policy, cancellationToken);
        var opened = await store.OpenCasesAsync(batch.Pending, batch.Outreach, policy, Notice(), cancellationToken);
        if (opened.Count > 0)
        {
            cases.Notify();
            await hooks.DeliverNowAsync(ProtectWebhook, cancellationToken);
        }

        return new MessageBatchAnswer(batch.Observed, batch.Skipped, [.. opened.Select(Answer)]);
    }

    /// <summary>Opens the cases of signals a node left pending (it died between observing and opening); for the worker.</summary>
    public async Task<int> FinishPendingAsync(CancellationToken cancellationToken)
    {
        var opened = await store.OpenCasesAsync(null, [], options.Signals.Policy(), Notice(), cancellationToken);
        if (opened.Count > 0)
        {
            cases.Notify();
            await hooks.DeliverNowAsync(ProtectWebhook, cancellationToken);
        }

        return opened.Count;
    }

    private SignalNotice Notice() => new(options.Signals.HelpUrl, options.Signals.RecipientMessage);

    private static SignalAnswer Answer(SignalCaseOpened o) => new(o.ConversationId, o.CaseId, o.Category switch
    {
        Core.Reports.ReportCategory.Sextortion => "sextortion",
        Core.Reports.ReportCategory.ChildSexualExploitation => "child_sexual_exploitation",
        _ => "grooming",
    }, o.Joined);

    private async Task<IncomingMessage> ReadAsync(MessageRequest m, string at, CancellationToken cancellationToken)
    {
        Check(Identifier.Validate($"{at}.conversation_id", m.ConversationId, SignalRules.MaxConversationIdLength)
            ?? Identifier.Validate($"{at}.message_id", m.MessageId)
            ?? Identifier.Validate($"{at}.sender_id", m.SenderId)
            ?? FreeText.Validate($"{at}.text", m.Text));
        var sentAt = m.SentAt ?? throw Bad($"{at}.sent_at: when the message was sent (ISO 8601).");
        var recipients = m.RecipientIds ?? [];
        if (recipients.Count > 1000)
        {
            throw Bad($"{at}.recipient_ids: at most 1000.");
        }

        for (var r = 0; r < recipients.Count; r++)
        {
            Check(Identifier.Validate($"{at}.recipient_ids[{r}]", recipients[r]));
        }

        var features = new List<SignalCategory>();
        foreach (var (f, k) in (m.Features ?? []).Select((f, k) => (f, k)))
        {
            features.Add(SignalCategories.TryParse(f, out var category) ? category
                : throw Bad($"{at}.features[{k}]: '{f}' is not a category; the categories are {SignalCategories.All}."));
        }

        var attachments = m.Attachments ?? [];
        if (attachments.Count > 100)
        {
            throw Bad($"{at}.attachments: at most 100.");
        }

        MediaSignal? media = null;
        var kept = new List<object>();
        for (var a = 0; a < attachments.Count; a++)
        {
            var attachment = attachments[a] ?? throw Bad($"{at}.attachments[{a}]: an attachment is an object of hashes.");
            GateResponse found;
            try
            {
                found = await gate.LookupAsync(new LookupRequest(null, null, null, null, null, attachment.Pdq, attachment.Md5, attachment.Sha256, null), cancellationToken);
            }
            catch (GateException e)
            {
                throw Bad($"{at}.attachments[{a}]: {e.Message}");
            }

            var match = found.Matches.Where(x => !x.Negative).OrderBy(x => x.Distance).FirstOrDefault();
            if (match is not null && media is null)
            {
                media = new MediaSignal(match.Bank, match.Distance, options.Signals.VictimBanks.Contains(match.Bank, StringComparer.Ordinal));
            }

            kept.Add(new { attachment.Pdq, attachment.Md5, attachment.Sha256, Matched = match?.Bank });
        }

        var message = new ConversationMessage(
            m.MessageId!, m.SenderId!, recipients.Count == 1 ? recipients[0] : null, sentAt, m.Text, attachments.Count,
            Age(m.Sender?.AgeBand, $"{at}.sender.age_band"), Age(m.Recipient?.AgeBand, $"{at}.recipient.age_band"), m.Connected ?? false,
            features.Count > 0 ? features : null);
        return new IncomingMessage(m.ConversationId!, message, kept.Count > 0 ? JsonSerializer.Serialize(kept, Json) : null, media);
    }

    private static AgeBand Age(string? band, string field) => band switch
    {
        null or "unknown" => AgeBand.Unknown,
        "under_13" => AgeBand.Under13,
        "13_15" => AgeBand.From13To15,
        "16_17" => AgeBand.From16To17,
        "adult" => AgeBand.Adult,
        _ => throw Bad($"{field}: '{band}' is not an age band; give under_13, 13_15, 16_17, adult or unknown."),
    };

    private static void Check(string? problem)
    {
        if (problem is not null)
        {
            throw Bad(problem);
        }
    }

    private static GateException Bad(string detail) => new(StatusCodes.Status400BadRequest, "Bad messages", detail);
}
