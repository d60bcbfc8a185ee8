namespace Aegis.Core.Cascade;

/// <summary>
/// What a confirmation does, as plain code: the confirmed item is removed, demonetized and banked and its uploader
/// suspended; every reshare of it, and of its copies, transitively, is removed and demonetized and its resharer queued
/// for review; every copy found by hash is removed (or held, beyond <see cref="CascadeOptions.RemoveWithinDistance"/>)
/// and its uploader queued for review. Each step appears once.
/// </summary>
public static class CascadePlanner
{
    /// <param name="root">The confirmed item.</param>
    /// <param name="copies">Items whose hashes match the root's (the content index's answer).</param>
    /// <param name="reshares">Reshares of an item (the gate's parent ids): children of a content id.</param>
    /// <param name="options">The distance limit.</param>
    public static IReadOnlyList<CascadeStep> Plan(
        CascadeItem root, IEnumerable<CascadeCopy> copies, Func<string, IEnumerable<CascadeItem>> reshares, CascadeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(copies);
        ArgumentNullException.ThrowIfNull(reshares);
        options ??= CascadeOptions.Default;
        var steps = new List<CascadeStep>();
        var seen = new HashSet<(CascadeKind, string)>();
        void Add(CascadeKind kind, string? target, string reason)
        {
            if (!string.IsNullOrEmpty(target) && seen.Add((kind, target)))
            {
                steps.Add(new CascadeStep(kind, target, reason));
            }
        }

        Add(CascadeKind.RemoveContent, root.ContentId, "confirmed");
        Add(CascadeKind.Demonetize, root.ContentId, "confirmed");
        Add(CascadeKind.BankHashes, root.ContentId, "confirmed: block re-uploads");
        Add(CascadeKind.SuspendAccount, root.UploaderId, $"uploaded {root.ContentId}");

        var removed = new List<CascadeItem> { root };
        foreach (var copy in copies.Where(c => c.Item.ContentId != root.ContentId).OrderBy(c => c.Distance).ThenBy(c => c.Item.ContentId, StringComparer.Ordinal))
        {
            var why = $"a copy of {root.ContentId} (distance {copy.Distance})";
            if (copy.Distance <= options.RemoveWithinDistance)
            {
                Add(CascadeKind.RemoveContent, copy.Item.ContentId, why);
                Add(CascadeKind.Demonetize, copy.Item.ContentId, why);
                removed.Add(copy.Item);
            }
            else
            {
                Add(CascadeKind.HoldContent, copy.Item.ContentId, why + ": held for review");
            }

            if (copy.Item.UploaderId != root.UploaderId)
            {
                Add(CascadeKind.ReviewAccount, copy.Item.UploaderId, $"uploaded {copy.Item.ContentId}, {why}");
            }
        }

        // Reshares of everything removed, transitively (breadth first; a cycle in bad parent data ends at a seen id).
        var queue = new Queue<CascadeItem>(removed);
        var walked = new HashSet<string>(removed.Select(r => r.ContentId), StringComparer.Ordinal);
        while (queue.TryDequeue(out var item))
        {
            foreach (var reshare in reshares(item.ContentId).OrderBy(r => r.ContentId, StringComparer.Ordinal))
            {
                if (!walked.Add(reshare.ContentId))
                {
                    continue;
                }

                var why = $"a reshare of {item.ContentId}";
                Add(CascadeKind.RemoveContent, reshare.ContentId, why);
                Add(CascadeKind.Demonetize, reshare.ContentId, why);
                if (reshare.UploaderId != root.UploaderId)
                {
                    Add(CascadeKind.ReviewAccount, reshare.UploaderId, $"reshared {item.ContentId}");
                }

                queue.Enqueue(reshare);
            }
        }

        return steps;
    }
}
