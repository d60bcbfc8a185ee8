namespace Aegis.Core.Events;

/// <summary>
/// Which of one step's events become webhooks, and how. A case's actions (<see cref="ICaseAction"/>) are a fan-out when
/// the step acts on more than one item or account of the case, or is the case's cascade (<see cref="CascadeApplied"/>):
/// the platform is then told of them in <see cref="CaseActions"/> pages of at most
/// <see cref="WebhookPagingOptions.ItemsPerEvent"/> entries, sent where the case's first action stood, instead of one
/// webhook each (a 2,000-reshare cascade: 13 webhooks, not 6,003). An action that is no fan-out (a report restricting
/// the reported item alone) keeps its own webhook, as does every other event. Auditing is not this function's concern:
/// every event keeps its audit entry.
/// </summary>
public static class WebhookPaging
{
    /// <summary>The webhooks to send for one step's <paramref name="events"/>, in order.</summary>
    /// <param name="events">Everything one step of the domain did, in order (what the storage writes in one go).</param>
    /// <param name="options">The page size, and whether the platform wants a webhook per action instead.</param>
    public static IReadOnlyList<DomainEvent> Webhooks(IReadOnlyList<DomainEvent> events, WebhookPagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ItemsPerEvent, 1, nameof(options));
        var fanOuts = options.PerItemEvents ? new Dictionary<long, List<ICaseAction>>() : FanOuts(events);
        var webhooks = new List<DomainEvent>();
        var paged = new HashSet<long>();
        foreach (var e in events)
        {
            if (e is ICaseAction action && fanOuts.TryGetValue(action.CaseId, out var actions))
            {
                if (paged.Add(action.CaseId))
                {
                    webhooks.AddRange(Pages(action.CaseId, actions, options.ItemsPerEvent));
                }
            }
            else if (e.WebhookType is not null)
            {
                webhooks.Add(e);
            }
        }

        return webhooks;
    }

    /// <summary>The account actions, told in a page's <c>accounts</c>; the others are items'.</summary>
    public static bool IsAccountAction(CaseActionKind kind) => kind is CaseActionKind.Suspended or CaseActionKind.ReviewRequested;

    /// <summary>The actions of each case whose actions in this step are a fan-out.</summary>
    private static Dictionary<long, List<ICaseAction>> FanOuts(IReadOnlyList<DomainEvent> events)
    {
        var byCase = new Dictionary<long, List<ICaseAction>>();
        foreach (var action in events.OfType<ICaseAction>())
        {
            if (!byCase.TryGetValue(action.CaseId, out var list))
            {
                byCase[action.CaseId] = list = [];
            }

            list.Add(action);
        }

        var cascades = events.OfType<CascadeApplied>().Select(c => c.CaseId).ToHashSet();
        return byCase
            .Where(c => cascades.Contains(c.Key) || c.Value.Select(a => (IsAccountAction(a.Kind), a.TargetId)).Distinct().Skip(1).Any())
            .ToDictionary();
    }

    private static IEnumerable<CaseActions> Pages(long caseId, List<ICaseAction> actions, int perPage)
    {
        var pages = actions.Chunk(perPage).ToList();
        return pages.Select((slice, i) => new CaseActions(
            caseId,
            i + 1,
            pages.Count,
            [.. slice.Where(a => !IsAccountAction(a.Kind)).Select(a => new CaseItemAction(a.TargetId, a.Kind, a.Reason))],
            [.. slice.Where(a => IsAccountAction(a.Kind)).Select(a => new CaseAccountAction(a.TargetId, a.Kind, a.Reason))]));
    }
}
