using Aegis.Core.Signals;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The message signals' storage: each conversation's detector state, observed a batch at a time under the
/// conversation's row lock (so two nodes never interleave one conversation, and a batch sent twice is observed once),
/// the text of conversations that raised a signal (and only theirs) for the retention set, the raised scripts' band keys
/// for ring look-ups, and the cases signals open (<see cref="OpenCasesAsync"/>).
/// </summary>
public sealed partial class SignalStore(BankStore store, CaseStore cases)
{
    /// <summary>
    /// Observes a batch: per conversation (in id order, each locked), its state loaded, each new message read by
    /// <paramref name="detector"/> in the order given, the state stored back with its version raised. A conversation
    /// that raises a signal (from its words, or an attachment's bank match) is marked pending for its case and from
    /// then keeps its messages' text. All in one transaction.
    /// </summary>
    /// <param name="messages">The batch, in each conversation's send order.</param>
    /// <param name="detector">The detectors (the banks compiled).</param>
    /// <param name="policy">Retention, ring and outreach settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ObservedBatch> ObserveAsync(IReadOnlyList<IncomingMessage> messages, SignalDetector detector, SignalPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(policy);
        return CaseRows.RetryAsync(() => ObserveOnceAsync(messages, detector, policy, cancellationToken));
    }

    private async Task<ObservedBatch> ObserveOnceAsync(IReadOnlyList<IncomingMessage> messages, SignalDetector detector, SignalPolicy policy, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var groups = messages.GroupBy(m => m.ConversationId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var ids = groups.Select(g => g.Key).ToArray();
        var rows = (await LockAsync(db, ids, cancellationToken)).ToDictionary(r => r.ConversationId, StringComparer.Ordinal);
        var created = new List<ConversationRow>();
        foreach (var id in ids.Where(id => !rows.ContainsKey(id)))
        {
            // Two nodes opening one conversation at once: one insert fails on the unique id and its batch runs again.
            var row = new ConversationRow { ConversationId = id, State = [] };
            db.Conversations.Add(row);
            rows[id] = row;
            created.Add(row);
        }

        if (created.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        var (observed, skipped) = (0, 0);
        var pending = new List<long>();
        var outreachSenders = new HashSet<string>(StringComparer.Ordinal);
        var latestOpening = long.MinValue;
        foreach (var group in groups)
        {
            var row = rows[group.Key];
            var state = row.State.Length == 0 ? new ConversationState() : ConversationState.FromBytes(row.State);
            var signature = row.Signature is { } bytes ? ScriptSignature.FromBytes(bytes) : ScriptSignature.Empty;
            var raisedBefore = row.Raised;
            var read = observed;
            var unkept = new List<IncomingMessage>();
            foreach (var incoming in group)
            {
                var m = incoming.Message;
                var sentAt = m.SentAt.ToUnixTimeMilliseconds();
                if (row.LastMessageId is not null && (sentAt < row.LastAt || (sentAt == row.LastAt && string.CompareOrdinal(m.MessageId, row.LastMessageId) <= 0)))
                {
                    skipped++;
                    continue;
                }

                observed++;
                if (row.Messages == 0)
                {
                    (row.OpenerId, row.RecipientId, row.RecipientAge, row.Connected, row.FirstAt) = (m.SenderId, m.RecipientId, m.RecipientAge, m.Connected, sentAt);
                    if (policy.Outreach is not null && m.RecipientId is not null && !m.Connected && SignalRules.IsMinor(m.RecipientAge))
                    {
                        outreachSenders.Add(m.SenderId);
                        latestOpening = Math.Max(latestOpening, sentAt);
                    }
                }

                (row.LastAt, row.LastMessageId) = (sentAt, m.MessageId);
                row.Messages++;
                if (m.SenderId == row.OpenerId && row.SignatureMessages < policy.ScriptMessages && m.Text is { Length: > 0 } text)
                {
                    signature = row.SignatureMessages == 0 ? ScriptSignature.Of(text) : signature.Merge(ScriptSignature.Of(text));
                    row.SignatureMessages++;
                }

                var signal = detector.Observe(state, m);
                var category = (Core.Reports.ReportCategory?)null;
                if (incoming.MediaSignal is { } media && row.Rule != MediaSignal.Rule)
                {
                    signal = media.ToSignal(m, SignalRules.IsMinor(m.RecipientAge));
                    category = media.Category;
                }

                if (signal is not null && (signal.Kind > row.Raised || signal.Rule == MediaSignal.Rule))
                {
                    (row.Raised, row.Rule, row.Score, row.SuspectId, row.TargetId, row.TargetMinor) =
                        (signal.Kind, signal.Rule, signal.Score, signal.SuspectId, signal.TargetId, signal.TargetIsMinor);
                    row.Category = category ?? SignalRules.Category(signal.Kind);
                    row.PendingReport = SignalRules.Explain(signal);
                    (row.Pending, row.PendingAt) = (true, now.ToUnixTimeMilliseconds());
                    row.RetainUntil = (now + policy.Retention).ToUnixTimeMilliseconds();
                }

                if (row.Raised == SignalKind.None)
                {
                    unkept.Add(incoming);
                    continue;
                }

                // From the signal on, the text is kept; the batch's earlier messages too (what came before is in the
                // state's evidence only: the words each rule matched).
                foreach (var kept in unkept.Append(incoming))
                {
                    Keep(db, row, kept);
                }

                unkept.Clear();
            }

            if (row.Raised != raisedBefore && !signature.IsEmpty)
            {
                await db.ScriptBands.Where(b => b.ConversationRowId == row.Id).ExecuteDeleteAsync(cancellationToken);
                for (var band = 0; band < RingClusterer.Bands; band++)
                {
                    db.ScriptBands.Add(new ScriptBandRow { BandKey = unchecked((long)RingClusterer.BandKey(signature, band)), ConversationRowId = row.Id });
                }
            }

            if (row.Pending)
            {
                pending.Add(row.Id);
            }

            if (observed == read)
            {
                continue; // all of it seen before: nothing written
            }

            row.State = state.ToBytes();
            row.Signature = signature.IsEmpty ? null : signature.ToBytes();
            row.Version++;
        }

        await db.SaveChangesAsync(cancellationToken);
        var outreach = policy.Outreach is { } rule && outreachSenders.Count > 0 ? await OutreachAsync(db, outreachSenders, rule, latestOpening, cancellationToken) : [];
        await transaction.CommitAsync(cancellationToken);
        return new ObservedBatch(observed, skipped, pending, outreach);
    }

    /// <summary>The conversations' rows, locked for update in id order (SQLite: the writer lock is held already).</summary>
    private static async Task<List<ConversationRow>> LockAsync(AegisDbContext db, string[] ids, CancellationToken cancellationToken) =>
        db is PostgresAegisDbContext
            ? await db.Conversations.FromSqlInterpolated($"SELECT * FROM conversations WHERE conversation_id = ANY({ids}) ORDER BY conversation_id FOR UPDATE").ToListAsync(cancellationToken)
            : await db.Conversations.Where(c => ids.Contains(c.ConversationId)).ToListAsync(cancellationToken);

    private static void Keep(AegisDbContext db, ConversationRow row, IncomingMessage incoming)
    {
        var m = incoming.Message;
        db.ConversationMessages.Add(new ConversationMessageRow
        {
            ConversationRowId = row.Id,
            MessageId = m.MessageId,
            SenderId = m.SenderId,
            RecipientId = m.RecipientId,
            SentAt = m.SentAt.ToUnixTimeMilliseconds(),
            Text = m.Text,
            Features = m.Features is { Count: > 0 } f ? string.Join(',', f.Select(SignalCategories.Name)) : null,
            Attachments = incoming.Attachments,
        });
    }

    /// <summary>
    /// The minor-outreach rule over the senders who opened a conversation with an unconnected minor in this batch: their
    /// openings within the rule's window before the newest of these (send times: the platform's clock), read by index.
    /// </summary>
    private static async Task<IReadOnlyList<OutreachSignal>> OutreachAsync(
        AegisDbContext db, HashSet<string> senders, OutreachRule rule, long latest, CancellationToken cancellationToken)
    {
        var since = latest - (long)rule.Window.TotalMilliseconds;
        var names = senders.ToList();
        var openings = await db.Conversations.AsNoTracking()
            .Where(c => c.OpenerId != null && names.Contains(c.OpenerId) && c.RecipientId != null && !c.Connected && c.FirstAt >= since)
            .Select(c => new { c.ConversationId, c.OpenerId, c.RecipientId, c.RecipientAge, c.Connected, c.FirstAt })
            .ToListAsync(cancellationToken);
        return AccountPatterns.MinorOutreach(
            openings.Select(o => new ConversationOpening(o.ConversationId, o.OpenerId!, o.RecipientId!, o.RecipientAge, o.Connected, DateTimeOffset.FromUnixTimeMilliseconds(o.FirstAt))), rule);
    }
}
