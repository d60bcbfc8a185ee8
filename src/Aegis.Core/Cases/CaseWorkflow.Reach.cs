using Aegis.Core.Cascade;
using Aegis.Core.Events;
using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

public static partial class CaseWorkflow
{
    /// <summary>
    /// Restrict-first reaches every copy: when a report restricts a case's item, the same transaction restricts what the
    /// cascade would remove on confirmation (<see cref="CascadePlanner"/>: its reshares, transitively, and its copies within
    /// <see cref="CascadeOptions.RemoveWithinDistance"/>, and their reshares), holds farther copies for review (each gets a
    /// case, <see cref="Hold"/>), and demonetizes all of them and the item itself. Each is linked to the case; nothing
    /// already removed changes, and nothing is linked twice.
    /// </summary>
    /// <param name="c">The case whose item was just restricted.</param>
    /// <param name="graph">The item, its copies by hash and the reshares, as they are now.</param>
    /// <param name="linked">Content ids already linked to the case.</param>
    /// <param name="rules">How far copies are restricted without a person looking (the cascade's removal distance).</param>
    public static ReachTransition Reach(Case c, CascadeGraph graph, IReadOnlySet<string> linked, CaseRules rules)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(linked);
        ArgumentNullException.ThrowIfNull(rules);
        var items = Items(graph);
        var steps = Plan(graph, rules);

        var changed = new Dictionary<string, ContentState>(StringComparer.Ordinal);
        var links = new List<CaseLink>();
        var events = new List<DomainEvent>();
        var held = new List<HeldCopy>();
        // The case's own item is never linked to it; a reported copy of it (the graph's root, then) is, as a copy.
        var linker = graph.Linker();
        var seen = new HashSet<string>(linked, StringComparer.Ordinal) { c.ContentId };
        if (seen.Add(graph.Root.ContentId))
        {
            links.Add(new CaseLink(graph.Root.ContentId, CaseLinkKind.Copy, linker(c.ContentId, false).Distance));
        }

        void Link(string id, bool held = false)
        {
            if (seen.Add(id))
            {
                links.Add(linker(id, held));
            }
        }

        void Set(string id, ContentState state) => changed[id] = items[id] = state;

        foreach (var step in steps)
        {
            if (step.Kind is CascadeKind.SuspendAccount or CascadeKind.ReviewAccount or CascadeKind.BankHashes)
            {
                continue;
            }

            var target = items[step.Target];
            if (target.Status == ContentStatus.Removed)
            {
                continue;
            }

            switch (step.Kind)
            {
                case CascadeKind.RemoveContent when step.Target != graph.Root.ContentId:
                    Link(step.Target);
                    if (target.Status == ContentStatus.Visible)
                    {
                        Set(step.Target, target with { Status = ContentStatus.Restricted });
                        events.Add(new ContentRestricted(step.Target, c.Id, $"{step.Reason}: restricted with case {c.Id}"));
                    }

                    break;
                case CascadeKind.HoldContent when seen.Contains(step.Target):
                    // Far from a reported copy but the case's already (its item, or linked near it): not sent to review again.
                    break;
                case CascadeKind.HoldContent:
                    Link(step.Target, held: true);
                    if (target.Status == ContentStatus.Visible)
                    {
                        Set(step.Target, target with { Status = ContentStatus.Restricted });
                        events.Add(new ContentRestricted(step.Target, c.Id, step.Reason, Held: true));
                    }

                    held.Add(new HeldCopy(items[step.Target], step.Reason));
                    break;
                case CascadeKind.Demonetize when !target.Demonetized:
                    Set(step.Target, target with { Demonetized = true });
                    events.Add(new ContentDemonetized(step.Target, c.Id, $"{step.Reason}: restricted with case {c.Id}"));
                    break;
            }
        }

        return new ReachTransition(changed, links, events, held);
    }

    /// <summary>
    /// A dismissed case gives back what it restricted: every linked item (and the case's own, which <see cref="Decide"/>
    /// restores) that no other case still holds is shown and monetized again. Removed items stay removed.
    /// </summary>
    /// <param name="c">The case, dismissed.</param>
    /// <param name="items">Its linked items, each with whether another open or confirmed case still holds it.</param>
    /// <param name="actor">The reviewer whose dismissal closed it.</param>
    public static LiftTransition Lift(Case c, IReadOnlyList<(ContentState Content, bool HeldElsewhere)> items, string actor)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(items);
        if (c.State != CaseState.Dismissed)
        {
            return new LiftTransition(new Dictionary<string, ContentState>(), []);
        }

        var changed = new Dictionary<string, ContentState>(StringComparer.Ordinal);
        var events = new List<DomainEvent>();
        foreach (var (content, heldElsewhere) in items)
        {
            if (heldElsewhere || content.Status == ContentStatus.Removed || (content.Status == ContentStatus.Visible && !content.Demonetized))
            {
                continue;
            }

            changed[content.ContentId] = content with { Status = ContentStatus.Visible, Demonetized = false };
            events.Add(new ContentRestored(actor, content.ContentId, c.Id, $"case {c.Id} dismissed"));
        }

        return new LiftTransition(changed, events);
    }

    /// <summary>What the cascade does to the graph (<see cref="CascadePlanner"/>): the plan a restriction and a removal share.</summary>
    private static IReadOnlyList<CascadeStep> Plan(CascadeGraph graph, CaseRules rules) => CascadePlanner.Plan(
        Item(graph.Root, graph.RootParentId),
        graph.Copies.Select(x => new CascadeCopy(Item(x.Content, null), x.Distance)),
        id => graph.Reshares.TryGetValue(id, out var list) ? list.Select(r => Item(r.Content, r.ParentId)) : [],
        rules.Cascade);

    private static Dictionary<string, ContentState> Items(CascadeGraph graph)
    {
        var items = new Dictionary<string, ContentState>(StringComparer.Ordinal) { [graph.Root.ContentId] = graph.Root };
        foreach (var copy in graph.Copies)
        {
            items.TryAdd(copy.Content.ContentId, copy.Content);
        }

        foreach (var reshare in graph.Reshares.Values.SelectMany(r => r))
        {
            items.TryAdd(reshare.Content.ContentId, reshare.Content);
        }

        return items;
    }
}

/// <summary>What restricting a case's item did to its reshares and copies.</summary>
/// <param name="Changed">Items whose status or monetization changed, by content id.</param>
/// <param name="Links">Items newly linked to the case.</param>
/// <param name="Events">What happened, in order.</param>
/// <param name="Held">Copies held for review: each gets a case (<see cref="CaseWorkflow.Hold"/>).</param>
public sealed record ReachTransition(
    IReadOnlyDictionary<string, ContentState> Changed, IReadOnlyList<CaseLink> Links, IReadOnlyList<DomainEvent> Events, IReadOnlyList<HeldCopy> Held);

/// <summary>What a dismissal gave back.</summary>
/// <param name="Changed">Items shown and monetized again, by content id.</param>
/// <param name="Events">What happened.</param>
public sealed record LiftTransition(IReadOnlyDictionary<string, ContentState> Changed, IReadOnlyList<DomainEvent> Events);
