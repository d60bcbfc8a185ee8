namespace Aegis.Core.Cases;

/// <summary>
/// Which queue a case is in, and which queues each role works: plain rules, applied whenever a case is read, so a case
/// moves queue the moment its state changes and a change of a person's role or queues holds from their next read.
/// </summary>
public static class ReviewQueues
{
    /// <summary>Every queue, in the order they are listed.</summary>
    public static IReadOnlyList<ReviewQueue> All { get; } = [ReviewQueue.ChildSafety, ReviewQueue.General, ReviewQueue.Senior, ReviewQueue.Appeals];

    // After All, which the first of them is made from.
    private static readonly IReadOnlySet<ReviewQueue> Everything = new HashSet<ReviewQueue>(All);
    private static readonly IReadOnlySet<ReviewQueue> ReviewerPermitted = new HashSet<ReviewQueue> { ReviewQueue.ChildSafety, ReviewQueue.General, ReviewQueue.Appeals };
    private static readonly IReadOnlySet<ReviewQueue> ReviewerDefault = new HashSet<ReviewQueue> { ReviewQueue.ChildSafety, ReviewQueue.General };
    private static readonly IReadOnlySet<ReviewQueue> Nothing = new HashSet<ReviewQueue>();

    /// <summary>The wire names of every queue, for messages: "child-safety, general, senior, appeals".</summary>
    public static string Names => string.Join(", ", All.Select(Name));

    /// <summary>
    /// The queue <paramref name="c"/> waits in, or null when it waits for nobody (confirmed or dismissed, no appeal
    /// pending). A child-safety dismissal awaiting its second review waits for a senior reviewer. An appeal is its own
    /// queue: <see cref="AppealPolicy"/> lets any reviewer who did not decide the case decide it (only overturning a
    /// child-safety confirmation takes a senior, and that is checked when it is decided).
    /// </summary>
    public static ReviewQueue? Of(Case c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.State switch
        {
            CaseState.AwaitingSecondReview => ReviewQueue.Senior,
            CaseState.Open => c.ChildSafety ? ReviewQueue.ChildSafety : ReviewQueue.General,
            CaseState.Confirmed when c.Appeal is { Outcome: null } => ReviewQueue.Appeals,
            _ => null,
        };
    }

    /// <summary>
    /// The queue whose readers may read <paramref name="c"/>: the one it waits in, or, once it waits for nobody, the one
    /// its subject belongs to (child-safety or general), so a closed child-safety case stays out of sight of those
    /// without the child-safety queue.
    /// </summary>
    public static ReviewQueue Home(Case c) => Of(c) ?? (c.ChildSafety ? ReviewQueue.ChildSafety : ReviewQueue.General);

    /// <summary>
    /// The queues a role may ever work: a reviewer every queue but the senior one, a senior reviewer and an admin all, a
    /// curator none (curators keep banks; they review no case).
    /// </summary>
    public static IReadOnlySet<ReviewQueue> Permitted(ReaderRole role) => role switch
    {
        ReaderRole.Reviewer => ReviewerPermitted,
        ReaderRole.SeniorReviewer or ReaderRole.Admin => Everything,
        _ => Nothing,
    };

    /// <summary>
    /// The queues a person of this role works when none are set for them: a reviewer child-safety and general (appeals
    /// only when given them), a senior reviewer and an admin all, a curator none.
    /// </summary>
    public static IReadOnlySet<ReviewQueue> Default(ReaderRole role) => role == ReaderRole.Reviewer ? ReviewerDefault : Permitted(role);

    /// <summary>Why <paramref name="queues"/> cannot be given to a person of <paramref name="role"/>, or null (null queues: the role's default).</summary>
    public static string? Validate(ReaderRole role, IReadOnlyCollection<ReviewQueue>? queues)
    {
        if (queues is null)
        {
            return null;
        }

        var refused = queues.Where(q => !Permitted(role).Contains(q)).Distinct().Select(Name).ToList();
        return refused.Count == 0 ? null
            : role == ReaderRole.Curator ? "A curator reviews no queue; give them none, or give them a reviewing role first."
            : $"A {RoleName(role)} may not be given the {string.Join(", ", refused)} queue{(refused.Count > 1 ? "s" : "")}: it is for senior reviewers and admins.";
    }

    /// <summary>The wire name: <c>child-safety</c>, <c>general</c>, <c>senior</c> or <c>appeals</c>.</summary>
    public static string Name(ReviewQueue queue) => queue switch
    {
        ReviewQueue.ChildSafety => "child-safety",
        ReviewQueue.General => "general",
        ReviewQueue.Senior => "senior",
        ReviewQueue.Appeals => "appeals",
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, null),
    };

    /// <summary>The queue of this wire name (any case; <c>child_safety</c> too, as the API writes its enums), or null.</summary>
    public static ReviewQueue? Parse(string? name) =>
        All.Select(q => (ReviewQueue?)q).FirstOrDefault(q => string.Equals(Name(q!.Value), name?.Trim().Replace('_', '-'), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A comma-separated list of wire names (<c>child-safety,general</c>), each once; an empty text is no queue at all.
    /// Returns why it is not one, naming the first unknown name, or null.
    /// </summary>
    public static string? ParseList(string? text, out IReadOnlyList<ReviewQueue> queues)
    {
        var parsed = new List<ReviewQueue>();
        queues = parsed;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Parse(part) is not { } queue)
            {
                return $"'{part}' is not a queue; the queues are {Names}.";
            }

            if (!parsed.Contains(queue))
            {
                parsed.Add(queue);
            }
        }

        parsed.Sort();
        return null;
    }

    /// <summary>A list of queues as written: "child-safety, general", or "none".</summary>
    public static string Describe(IEnumerable<ReviewQueue> queues)
    {
        var names = queues.Distinct().Order().Select(Name).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }

    private static string RoleName(ReaderRole role) => role switch
    {
        ReaderRole.SeniorReviewer => "senior reviewer",
        _ => role.ToString().ToLowerInvariant(),
    };
}
