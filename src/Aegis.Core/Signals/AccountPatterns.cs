namespace Aegis.Core.Signals;

/// <summary>Rules over many conversations of one account (plain code over what the caller passes; no clock of its own).</summary>
public static class AccountPatterns
{
    /// <summary>
    /// Senders who opened conversations with at least <see cref="OutreachRule.MinMinors"/> distinct declared minors they
    /// are not connected to within one <see cref="OutreachRule.Window"/> (a sliding window over the openings given).
    /// </summary>
    public static IReadOnlyList<OutreachSignal> MinorOutreach(IEnumerable<ConversationOpening> openings, OutreachRule rule)
    {
        ArgumentNullException.ThrowIfNull(openings);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.MinMinors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rule.Window, TimeSpan.Zero);
        var signals = new List<OutreachSignal>();
        var bySender = openings
            .Where(o => !o.Connected && SignalRules.IsMinor(o.RecipientAge))
            .GroupBy(o => o.SenderId, StringComparer.Ordinal);
        foreach (var group in bySender)
        {
            var sorted = group.OrderBy(o => o.OpenedAt).ToArray();
            var inWindow = new Dictionary<string, int>(StringComparer.Ordinal);
            var (bestFrom, bestTo, best) = (0, -1, 0);
            var from = 0;
            for (var to = 0; to < sorted.Length; to++)
            {
                inWindow[sorted[to].RecipientId] = inWindow.GetValueOrDefault(sorted[to].RecipientId) + 1;
                while (sorted[to].OpenedAt - sorted[from].OpenedAt > rule.Window)
                {
                    var left = sorted[from++].RecipientId;
                    if (--inWindow[left] == 0)
                    {
                        inWindow.Remove(left);
                    }
                }

                if (inWindow.Count > best)
                {
                    (bestFrom, bestTo, best) = (from, to, inWindow.Count);
                }
            }

            if (best >= rule.MinMinors)
            {
                var window = sorted[bestFrom..(bestTo + 1)];
                signals.Add(new OutreachSignal(group.Key, best, window[0].OpenedAt, window[^1].OpenedAt, [.. window.Select(o => o.ConversationId)]));
            }
        }

        return signals;
    }
}
