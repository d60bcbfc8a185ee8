using Aegis.Matching.Banks;
using Aegis.Matching.Matching;

namespace Aegis.Core.Gate;

/// <summary>
/// The verdict from the matches: the strictest action of any match that counts (negative banks already applied by the
/// matcher). Block beats hold; a flag is recorded but publishes.
/// </summary>
public static class GatePolicy
{
    public static Verdict Decide(MatchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = Verdict.Allow;
        foreach (var match in result.Effective)
        {
            var v = match.Action switch
            {
                BankAction.Block => Verdict.Block,
                BankAction.Hold => Verdict.Hold,
                _ => Verdict.Allow,
            };
            if (v > verdict)
            {
                verdict = v;
            }
        }

        return verdict;
    }

    /// <summary>
    /// The matches as the flood guard leaves them: a match of an entry in <paramref name="quarantined"/> that would block
    /// holds instead (the upload goes to a person, never published unseen, and nothing is acted on automatically).
    /// </summary>
    public static MatchResult Quarantine(MatchResult result, IReadOnlySet<long> quarantined)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(quarantined);
        if (quarantined.Count == 0 || !result.Matches.Any(m => m.Action == BankAction.Block && quarantined.Contains(m.EntryId)))
        {
            return result;
        }

        return result with
        {
            Matches = [.. result.Matches.Select(m => m.Action == BankAction.Block && quarantined.Contains(m.EntryId) ? m with { Action = BankAction.Hold } : m)],
        };
    }
}
