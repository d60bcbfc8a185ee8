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
}
