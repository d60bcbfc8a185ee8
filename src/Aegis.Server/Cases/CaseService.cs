using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.Reports;
using Aegis.Server.Matching;
using Aegis.Server.Webhooks;
using Aegis.Storage;

namespace Aegis.Server.Cases;

/// <summary>
/// The one way into the case workflow on a node, for the API and the background workers alike: it finds an item's
/// copies in the content index, calls <see cref="CaseStore"/> (which runs <see cref="CaseWorkflow"/> under the case's
/// lock), runs a confirmation's cascade, and wakes what must act now: webhook delivery, the audit sealer, the exchanges'
/// feedback, and the bank index (so hashes the cascade banked block on this node before the answer returns).
/// </summary>
internal sealed class CaseService(
    CaseStore cases, ContentStore contents, CopyFinder copyFinder, MatcherHost host, WebhookDelivery hooks, AuditSealer sealer, ReportBatcher reports,
    Evidence.EvidenceWorkers evidence, Exchanges.ExchangeFeedbackWorker exchangeFeedback, Signals.ConversationEvidence conversations)
{
    private const int EscalationBatch = 100;

    /// <summary>A report or a trusted flag on one or more items (written with the reports that arrive with it).</summary>
    public async Task<IReadOnlyList<ReportResult>> ReportAsync(ReportIntake intake, string actor, CancellationToken cancellationToken)
    {
        CaseStore.Validate(intake);
        var results = await reports.WriteAsync(intake, actor, cancellationToken);
        Wake();
        if (results.Any(r => r.CaseId is not null))
        {
            evidence.Wake(); // the items of the cases it opened or joined are fetched now, not at the next tick
        }

        return results;
    }

    /// <summary>
    /// A report whose copies the caller found itself (the protect page's, gathering what a person's hashes matched), written
    /// at once rather than batched.
    /// </summary>
    public async Task<IReadOnlyList<ReportResult>> ReportAsync(ReportWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        CaseStore.Validate(write.Intake);
        var results = (await cases.ReportManyAsync([write], cancellationToken))[0];
        Wake();
        evidence.Wake();
        return results;
    }

    /// <summary>Wakes webhook delivery and the audit sealer after a write made outside this service.</summary>
    public void Notify() => Wake();

    /// <summary>
    /// An upload the gate blocked or held: recorded with its case in one transaction (<see cref="CaseStore.RecordAtGateAsync"/>),
    /// and the platform told.
    /// </summary>
    public async Task<(RecordedContent Content, long CaseId)> RecordAtGateAsync(
        ContentRecord record, long bankSequence, CaseOrigin origin, GateMatchEntry? match, long? relatedCaseId, CancellationToken cancellationToken)
    {
        var recorded = await cases.RecordAtGateAsync(record, bankSequence, origin, match, relatedCaseId, cancellationToken);
        Wake();
        return recorded;
    }

    /// <summary>The case that suspended <paramref name="uploaderId"/> for child sexual exploitation, or null (one indexed read).</summary>
    public Task<long?> SuspendedForChildSafetyAsync(string? uploaderId, CancellationToken cancellationToken) =>
        cases.SuspendedForChildSafetyAsync(uploaderId, cancellationToken);

    /// <summary>The platform's counts for an item; rising counts of a restricted or removed item raise an alert, told at once.</summary>
    public async Task RecordExposureAsync(string contentId, long views, long shares, CancellationToken cancellationToken)
    {
        if (await cases.RecordExposureAsync(contentId, views, shares, cancellationToken))
        {
            Wake();
        }
    }

    public Task<CaseSummary> ClaimAsync(long caseId, string reviewer, CancellationToken cancellationToken) =>
        AfterAsync(cases.ClaimAsync(caseId, reviewer, cancellationToken));

    /// <summary>Claims the top case of the reader's queues nobody holds (<see cref="CaseStore.ClaimNextAsync"/>), or null.</summary>
    public async Task<CaseSummary?> ClaimNextAsync(QueueReader reader, ReviewQueue? queue, ReviewReason? reason, CancellationToken cancellationToken)
    {
        var claimed = await cases.ClaimNextAsync(reader, queue, reason, cancellationToken);
        if (claimed is not null)
        {
            Wake();
        }

        return claimed;
    }

    public Task<CaseSummary> ReleaseAsync(long caseId, string reviewer, CancellationToken cancellationToken) =>
        AfterAsync(cases.ReleaseAsync(caseId, reviewer, cancellationToken));

    /// <summary>A decision; a confirmation's cascade runs before this returns (and by any node if this one dies first).</summary>
    public async Task<CaseSummary> DecideAsync(long caseId, Decision decision, CancellationToken cancellationToken)
    {
        var decided = await AfterAsync(cases.DecideAsync(caseId, decision, cancellationToken));
        exchangeFeedback.Wake(); // a final word owes the exchanges that shared what matched
        if (decided.State != CaseState.Confirmed)
        {
            return decided;
        }

        // Run here, or found already run by a worker that got there first (it held the case's lock until done): either
        // way the cascade has committed when the answer is read.
        await RunCascadeAsync(caseId, decided.ContentId, cancellationToken);
        await host.CatchUpNowAsync(cancellationToken); // the banked hashes block on this node before the answer returns
        return (await cases.GetAsync(caseId, cancellationToken))!;
    }

    public Task<CaseSummary> AppealAsync(long caseId, string accountId, string? text, CancellationToken cancellationToken) =>
        AfterAsync(cases.AppealAsync(caseId, accountId, text, cancellationToken));

    /// <summary>An appeal decision; an overturn's unbanned hashes stop blocking on this node before this returns.</summary>
    public async Task<CaseSummary> DecideAppealAsync(
        long caseId, string reviewer, ReviewerRole role, bool overturn, string reason, CancellationToken cancellationToken)
    {
        var result = await AfterAsync(cases.DecideAppealAsync(caseId, reviewer, role, overturn, reason, cancellationToken));
        await host.CatchUpNowAsync(cancellationToken);
        return result;
    }

    /// <summary>The platform corrects an item's counts (lower ones too); audited and told, like a workflow step.</summary>
    public async Task<ContentDetails> CorrectExposureAsync(
        string contentId, long views, long shares, string reason, string actor, CancellationToken cancellationToken)
    {
        var details = await cases.CorrectExposureAsync(contentId, views, shares, reason, actor, cancellationToken);
        Wake();
        return details;
    }

    /// <summary>A person's view of a case, audited before it is shown.</summary>
    public async Task<CaseSummary?> ViewAsync(long caseId, string viewer, CancellationToken cancellationToken)
    {
        var found = await cases.ViewAsync(caseId, viewer, cancellationToken);
        sealer.Wake();
        return found;
    }

    /// <summary>Everything that bears on a case's decision, audited as a view of its evidence (one entry a view).</summary>
    public async Task<CaseDossier?> DossierAsync(long caseId, string viewer, CancellationToken cancellationToken)
    {
        var found = await cases.DossierAsync(caseId, viewer, cancellationToken);
        sealer.Wake();
        return found;
    }

    /// <summary>A page of the items tied to a case, audited as a view of its evidence.</summary>
    public async Task<(IReadOnlyList<CaseItem> Items, int Total)> ViewItemsAsync(long caseId, string viewer, int offset, int limit, CancellationToken cancellationToken)
    {
        var page = await cases.ViewLinksAsync(caseId, viewer, offset, limit, cancellationToken);
        sealer.Wake();
        return page;
    }

    /// <summary>Escalates what is past its SLA (for the workers); returns how many.</summary>
    public async Task<int> EscalateDueAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int escalated;
        do
        {
            escalated = await cases.EscalateDueAsync(EscalationBatch, cancellationToken);
            total += escalated;
        }
        while (escalated == EscalationBatch);

        if (total > 0)
        {
            Wake();
        }

        return total;
    }

    /// <summary>Finishes cascades left pending by a node that died between a confirmation and its cascade; returns their case ids.</summary>
    public async Task<IReadOnlyList<long>> FinishPendingCascadesAsync(CancellationToken cancellationToken)
    {
        var finished = new List<long>();
        foreach (var (caseId, contentId) in await cases.PendingCascadesAsync(cancellationToken))
        {
            if (await RunCascadeAsync(caseId, contentId, cancellationToken))
            {
                finished.Add(caseId);
            }
        }

        return finished;
    }

    private async Task<bool> RunCascadeAsync(long caseId, string contentId, CancellationToken cancellationToken)
    {
        // Every copy recorded up to now, on any node, is in the index first (a node indexes its own uploads in batches).
        await host.CatchUpNowAsync(cancellationToken);
        var item = await contents.FindAsync(contentId, cancellationToken);
        IReadOnlyCollection<(long RowId, int Distance)> copies = [];
        if (item is not null)
        {
            var found = await copyFinder.FindAsync([(item.RowId, item.Record)], cancellationToken);
            if (!found.Complete)
            {
                // Some partition is still loading or moving: the cascade stays pending and runs once every copy can be found.
                return false;
            }

            copies = [.. found.Copies[0].Select(c => (c.Row, c.Distance))];
        }

        if (!await cases.RunCascadeAsync(caseId, copies, cancellationToken))
        {
            return false;
        }

        if (Core.Signals.SignalRules.ConversationOf(contentId) is not null)
        {
            // A conversation confirmed: its messages (and its ring's) are preserved as the case's evidence, for the
            // CyberTipline report's chat.
            await conversations.PreserveAsync(caseId, cancellationToken);
        }

        Wake();
        await host.CatchUpNowAsync(cancellationToken); // hashes banked by the cascade block at once on this node
        return true;
    }

    private async Task<CaseSummary> AfterAsync(Task<CaseSummary> write)
    {
        var result = await write;
        Wake();
        return result;
    }

    private void Wake()
    {
        hooks.Wake();
        sealer.Wake();
    }
}
