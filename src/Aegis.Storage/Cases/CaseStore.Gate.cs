using System.Globalization;
using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>
    /// The case that suspended <paramref name="uploaderId"/> for child sexual exploitation, or null: one indexed read on a
    /// pooled connection, as cheap as the gate's record itself.
    /// </summary>
    public async Task<long?> SuspendedForChildSafetyAsync(string? uploaderId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(uploaderId))
        {
            return null;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT case_id FROM suspended_accounts WHERE account_id = @account_id AND child_safety";
        var parameter = query.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("@account_id", uploaderId);
        query.Parameters.Add(parameter);
        return await query.ExecuteScalarAsync(cancellationToken) is { } found and not DBNull ? Convert.ToInt64(found, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// Records an upload the gate blocked or held and opens its case (<see cref="CaseWorkflow.OpenAtGate"/>) in one
    /// transaction, so the matched bytes' record never exists without its case: audited, and told to the platform. The
    /// same content id sent again returns the record and case already there.
    /// </summary>
    /// <param name="record">The upload, with its verdict.</param>
    /// <param name="bankSequence">The last bank change the deciding matcher had applied.</param>
    /// <param name="origin">A block or a hold on a match, or a hold of a suspended account's upload.</param>
    /// <param name="match">The match that decided it (null for a suspended account's upload).</param>
    /// <param name="relatedCaseId">For a suspended account's upload: the case that suspended it (the item is linked to it).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BankStoreException">An id is not valid, or the content id was recorded with other hashes.</exception>
    public Task<(RecordedContent Content, long CaseId)> RecordAtGateAsync(
        ContentRecord record, long bankSequence, CaseOrigin origin, GateMatchEntry? match, long? relatedCaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ContentStore.Validate(record);
        return CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var row = await db.Contents.SingleOrDefaultAsync(c => c.ContentId == record.ContentId, cancellationToken);
            var created = row is null;
            if (row is not null)
            {
                ContentStore.CheckSameHashes(row, record);
                var rowId = row.Id;
                if (await db.Cases.AsNoTracking().Where(c => c.ContentRowId == rowId).OrderBy(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken) is { } existing)
                {
                    return (new RecordedContent(row.Id, row.ToRecord(), Created: false), existing);
                }

                if (await db.CaseLinks.AsNoTracking().Where(l => l.ContentRowId == rowId && l.Kind == CaseLinkKind.Submitted)
                    .Select(l => (long?)l.CaseId).FirstOrDefaultAsync(cancellationToken) is { } joinedBefore)
                {
                    return (new RecordedContent(row.Id, row.ToRecord(), Created: false), joinedBefore);
                }
            }
            else
            {
                row = ContentRow.From(record, bankSequence, now);
                db.Contents.Add(row);
                await db.SaveChangesAsync(cancellationToken);
            }

            CaseMatch? caseMatch = null;
            if (match is { } m)
            {
                var entry = await db.Entries.AsNoTracking().Where(e => e.Id == m.EntryId).Select(e => new { e.List, e.ExternalId, e.CaseId }).SingleOrDefaultAsync(cancellationToken);
                var source = entry is null ? null : entry.List ?? (entry.CaseId is { } c ? $"case:{c}" : null);
                caseMatch = new CaseMatch(m.Bank, m.EntryId, m.SignalType, m.Distance, source, m.Frame, m.FrameSeconds);
            }

            // A hold on a hash a person submitted through the protect page joins their case while it is open.
            ProtectSubmissionRow? submission = null;
            if (origin == CaseOrigin.GateHold && caseMatch is { } held
                && await JoinSubmissionAsync(db, row, held, now, s => submission = s, cancellationToken) is { } joined)
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (new RecordedContent(row.Id, row.ToRecord(), created), joined);
            }

            var step = CaseWorkflow.OpenAtGate(origin, CaseRows.State(row), caseMatch, relatedCaseId, await CaseRows.NextIdAsync(db, "cases", cancellationToken), now, _rules);
            (row.Status, row.Demonetized) = (step.Content.Status, step.Content.Demonetized);
            var caseRow = new CaseRow { Id = step.Case.Id, ContentRowId = row.Id };
            caseRow.Apply(step.Case);
            db.Cases.Add(caseRow);

            // The vault's row for the upload commits with its case; the gate, which holds the bytes, preserves them once
            // this commits (the fetch worker takes over after EvidenceRows.GateGrace if the node dies in between).
            db.Evidence.Add(EvidenceRows.Awaiting(caseRow.Id, row.Id, now, now + EvidenceRows.GateGrace));
            if (relatedCaseId is { } related && await db.Cases.AnyAsync(c => c.Id == related, cancellationToken))
            {
                db.CaseLinks.Add(new CaseLinkRow { CaseId = related, ContentRowId = row.Id, Kind = CaseLinkKind.SuspendedUpload, LinkedAt = CaseRow.Millis(now) });
            }

            if (submission is not null)
            {
                await AttachGateCaseAsync(db, submission, caseRow, row, now, cancellationToken);
            }

            EventWriter.Add(db, step.Events, now);
            if (step.Case.State == CaseState.ConfirmedByMatch)
            {
                await CyberTipRows.DraftAsync(db, step.Case, row.UploaderId, await SourceCaseAsync(db, caseMatch, cancellationToken), _rules, now, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (new RecordedContent(row.Id, row.ToRecord(), created), step.Case.Id);
        });
    }

    /// <summary>The case that banked the matched entry (a <c>case:N</c> source), to tell whether a match on it is reportable.</summary>
    private static async Task<Case?> SourceCaseAsync(AegisDbContext db, CaseMatch? match, CancellationToken cancellationToken)
    {
        if (match?.Source is not { } source || !source.StartsWith("case:", StringComparison.Ordinal)
            || !long.TryParse(source.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var caseId))
        {
            return null;
        }

        var row = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        return row is null ? null : row.ToCase("", await CaseRows.DecisionsAsync(db, caseId, cancellationToken));
    }
}

/// <summary>The bank entry a gate verdict rests on.</summary>
/// <param name="Bank">The bank's name.</param>
/// <param name="EntryId">The entry.</param>
/// <param name="SignalType">pdq, md5, sha256 or vpdq.</param>
/// <param name="Distance">PDQ distance (0 for exact digests and vPDQ).</param>
/// <param name="Frame">For a picture matched with one video frame: that frame's number.</param>
/// <param name="FrameSeconds">For such a match: the frame's time in its video, in seconds.</param>
public readonly record struct GateMatchEntry(string Bank, long EntryId, string SignalType, int Distance, int? Frame = null, double? FrameSeconds = null);
