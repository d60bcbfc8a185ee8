using Aegis.Core.Cascade;
using Aegis.Core.Events;
using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

public static partial class CaseWorkflow
{
    /// <summary>
    /// A confirmed case's takedown cascade (<see cref="CascadePlanner"/>): the item, every reshare and every near copy
    /// removed and demonetized, farther copies held, the item's hashes banked, its uploader suspended and the others
    /// queued for review. Refused unless the cascade is pending, so it runs once however many nodes try.
    /// </summary>
    /// <param name="c">The confirmed case.</param>
    /// <param name="graph">The item, its copies by hash and the reshares of everything, as they are now.</param>
    /// <param name="now">The time of the cascade.</param>
    /// <param name="rules">How far copies are removed without a person looking.</param>
    public static CascadeTransition Cascade(Case c, CascadeGraph graph, DateTimeOffset now, CaseRules rules)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(rules);
        if (!c.CascadePending || c.State != CaseState.Confirmed || c.Confirmation is not { } decision)
        {
            return new CascadeTransition(c, new Dictionary<string, ContentState>(), [], [], [],
                CaseRefusal.Conflict($"Case {c.Id} has no cascade pending."));
        }

        var items = Items(graph);
        var steps = Ring(Plan(graph, rules), graph);

        var changed = new Dictionary<string, ContentState>(StringComparer.Ordinal);
        var events = new List<DomainEvent>();
        var banked = new List<string>();
        var held = new List<HeldCopy>();
        var next = c with { CascadePending = false };
        foreach (var step in steps)
        {
            var target = step.Kind is CascadeKind.SuspendAccount or CascadeKind.ReviewAccount ? null : items[step.Target];
            switch (step.Kind)
            {
                case CascadeKind.RemoveContent when target!.Status != ContentStatus.Removed:
                    changed[step.Target] = items[step.Target] = target = target with { Status = ContentStatus.Removed };
                    if (step.Target == c.ContentId)
                    {
                        next = next with { Exposure = next.Exposure.Removed(now, target) };
                    }

                    events.Add(new ContentRemoved(step.Target, c.Id, step.Reason));
                    break;
                case CascadeKind.HoldContent when target!.Status != ContentStatus.Removed:
                    if (target.Status == ContentStatus.Visible)
                    {
                        changed[step.Target] = items[step.Target] = target with { Status = ContentStatus.Restricted };
                        events.Add(new ContentRestricted(step.Target, c.Id, step.Reason, Held: true));
                    }

                    held.Add(new HeldCopy(items[step.Target], step.Reason));
                    break;
                case CascadeKind.Demonetize when !target!.Demonetized:
                    changed[step.Target] = items[step.Target] = target with { Demonetized = true };
                    events.Add(new ContentDemonetized(step.Target, c.Id, step.Reason));
                    break;
                case CascadeKind.BankHashes:
                    banked.Add(step.Target);
                    break;
                case CascadeKind.SuspendAccount when !graph.SuspendedAccounts.Contains(step.Target):
                    events.Add(new AccountSuspended(step.Target, c.Id, step.Reason));
                    break;
                case CascadeKind.ReviewAccount:
                    events.Add(new AccountReviewRequested(step.Target, c.Id, step.Reason));
                    break;
            }
        }

        events.Add(new CascadeApplied(decision.Reviewer, c.Id, steps.Count, events.Count(e => e is ContentRemoved), banked.Count));
        return new CascadeTransition(next, changed, events, banked, held);
    }

    /// <summary>
    /// A copy the cascade held goes to review: a case of its own at the confirmed case's priority, with no report behind
    /// it, or, when it has an open case already, that case raised to that priority.
    /// </summary>
    /// <param name="confirmed">The case whose cascade held it.</param>
    /// <param name="held">The held copy.</param>
    /// <param name="open">Its open case, if any.</param>
    /// <param name="newCaseId">The id a new case takes.</param>
    /// <param name="now">The time of the cascade.</param>
    /// <param name="rules">The SLA.</param>
    public static CaseTransition Hold(Case confirmed, HeldCopy held, Case? open, long newCaseId, DateTimeOffset now, CaseRules rules)
    {
        ArgumentNullException.ThrowIfNull(confirmed);
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(rules);
        if (open is not null)
        {
            var raised = open with
            {
                Level = open.Level < confirmed.Level ? confirmed.Level : open.Level,
                DueAt = open.Level < confirmed.Level ? Min(open.DueAt, rules.Sla.DueAt(now, confirmed.Level)) : open.DueAt,
                ChildSafety = open.ChildSafety || confirmed.ChildSafety,
                Exposure = held.Content.Status == ContentStatus.Restricted ? open.Exposure.Restricted(now, held.Content) : open.Exposure,
            };
            return new CaseTransition(raised, held.Content, raised == open ? [] : [new CaseUpdated(DomainEvent.System, raised)]);
        }

        var c = new Case
        {
            Id = newCaseId,
            ContentId = held.Content.ContentId,
            State = CaseState.Open,
            Level = confirmed.Level,
            Reports = 0,
            ChildSafety = confirmed.ChildSafety,
            OpenedAt = now,
            DueAt = rules.Sla.DueAt(now, confirmed.Level),
            Exposure = new CaseExposure(held.Content.Views, held.Content.Shares).Restricted(now, held.Content),
            Origin = CaseOrigin.CascadeHold,
            RelatedCaseId = confirmed.Id,
        };
        return new CaseTransition(c, held.Content, [new CaseOpened(DomainEvent.System, c, held.Reason, confirmed.Id)]);
    }

    private static CascadeItem Item(ContentState content, string? parentId) => new(content.ContentId, content.UploaderId, parentId);

    /// <summary>
    /// A ring's accounts (that sent the same script as the confirmed conversation's sender) are suspended with it, not
    /// queued for review: one confirmation reaches every account using the script.
    /// </summary>
    private static IReadOnlyList<CascadeStep> Ring(IReadOnlyList<CascadeStep> steps, CascadeGraph graph)
    {
        if (graph.RingAccounts.Count == 0)
        {
            return steps;
        }

        var suspended = steps.Where(s => s.Kind == CascadeKind.SuspendAccount).Select(s => s.Target).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. steps.Where(s => !(s.Kind == CascadeKind.ReviewAccount && graph.RingAccounts.Contains(s.Target))),
            .. graph.RingAccounts.Where(suspended.Add).Order(StringComparer.Ordinal)
                .Select(a => new CascadeStep(CascadeKind.SuspendAccount, a, $"sent the same script as {graph.Root.UploaderId ?? "the sender"} (a ring)")),
        ];
    }
}

/// <summary>What a cascade acts on: the confirmed item, its copies by hash and the reshares of all of them.</summary>
/// <param name="Root">The confirmed item.</param>
/// <param name="RootParentId">What the confirmed item reshares, if anything.</param>
/// <param name="Copies">Items whose hashes match the root's, with their PDQ distance (0 for exact digests).</param>
/// <param name="Reshares">Reshares by parent content id, transitively from the root and its copies.</param>
public sealed record CascadeGraph(
    ContentState Root, string? RootParentId, IReadOnlyList<CascadeCopyState> Copies, IReadOnlyDictionary<string, IReadOnlyList<ReshareState>> Reshares)
{
    /// <summary>The other accounts of a conversation case's ring (the same script, clustered): suspended with its sender.</summary>
    public IReadOnlySet<string> RingAccounts { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Accounts already suspended (by an earlier case): not suspended, nor told, twice.</summary>
    public IReadOnlySet<string> SuspendedAccounts { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// How items of the graph are tied to its root, looked up once: a reshare (whatever its hashes), else a copy by hash
    /// with its distance; asked with <c>held</c>, a copy the cascade held.
    /// </summary>
    public Func<string, bool, CaseLink> Linker()
    {
        var reshares = Reshares.Values.SelectMany(list => list.Select(r => r.Content.ContentId)).ToHashSet(StringComparer.Ordinal);
        var distances = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var copy in Copies)
        {
            distances[copy.Content.ContentId] = Math.Min(copy.Distance, distances.GetValueOrDefault(copy.Content.ContentId, int.MaxValue));
        }

        return (contentId, held) =>
        {
            int? distance = distances.TryGetValue(contentId, out var d) ? d : null;
            return held ? new CaseLink(contentId, CaseLinkKind.HeldCopy, distance)
                : reshares.Contains(contentId) || distance is null ? new CaseLink(contentId, CaseLinkKind.Reshare)
                : new CaseLink(contentId, CaseLinkKind.Copy, distance);
        };
    }
}

/// <summary>A copy of the confirmed item found by hash.</summary>
public sealed record CascadeCopyState(ContentState Content, int Distance);

/// <summary>A reshare of <paramref name="ParentId"/>.</summary>
public sealed record ReshareState(ContentState Content, string ParentId);

/// <summary>A copy the cascade held for review, and why.</summary>
public sealed record HeldCopy(ContentState Content, string Reason);

/// <summary>What a cascade did.</summary>
/// <param name="Case">The case afterwards (cascade no longer pending, removal exposure recorded).</param>
/// <param name="Changed">Items whose status changed, by content id.</param>
/// <param name="Events">What happened, in order.</param>
/// <param name="Bank">Content ids whose hashes go to the platform's bank.</param>
/// <param name="Held">Copies held for review: each gets a case (<see cref="CaseWorkflow.Hold"/>).</param>
/// <param name="Refusal">Why nothing happened, or null.</param>
public sealed record CascadeTransition(
    Case Case, IReadOnlyDictionary<string, ContentState> Changed, IReadOnlyList<DomainEvent> Events, IReadOnlyList<string> Bank,
    IReadOnlyList<HeldCopy> Held, CaseRefusal? Refusal = null);
