using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Aegis.Console.Tests.Support;

/// <summary>
/// An axe-core accessibility pass over a page as it stands (Deque.AxeCore.Playwright runs axe inside the page): a
/// serious or critical violation fails the test, each listed with its rule, what it means, where (the elements'
/// selectors and HTML) and how to fix it. Moderate and minor ones are not failures.
/// </summary>
public static class Accessibility
{
    /// <summary>The impacts that fail a page.</summary>
    private static readonly HashSet<string> Failing = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <summary>
    /// Every rule runs, as by default; only the violations are reported in full (axe's <c>resultTypes</c>: the passes,
    /// incomplete and inapplicable results, which nothing here reads, come back with one element each instead of all).
    /// </summary>
    private static readonly AxeRunOptions ViolationsInFull = new() { ResultTypes = [ResultType.Violations] };

    /// <summary>Runs axe on <paramref name="page"/>; fails (<see cref="AccessibilityException"/>) on any serious or critical violation.</summary>
    /// <param name="page">The page, loaded.</param>
    /// <param name="what">What the page is, for the failure message ("the queue").</param>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string what)
    {
        ArgumentNullException.ThrowIfNull(page);
        var results = await page.RunAxe(ViolationsInFull);
        var failing = results.Violations.Where(v => v.Impact is { } impact && Failing.Contains(impact)).ToList();
        if (failing.Count > 0)
        {
            throw new AccessibilityException(Describe(what, page.Url, failing));
        }
    }

    /// <summary>The violations, one block each: rule (impact): what it checks, where, how to fix, more.</summary>
    public static string Describe(string what, string url, IReadOnlyCollection<AxeResultItem> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var text = new StringBuilder($"{violations.Count} serious or critical accessibility violation(s) on {what} ({url}):");
        foreach (var v in violations)
        {
            text.AppendLine().AppendLine().Append($"- {v.Id} ({v.Impact}): {v.Help}. {v.HelpUrl}");
            foreach (var node in v.Nodes.Take(5))
            {
                text.AppendLine().Append($"    at {node.Target}: {node.Html}");
                var all = (node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).ToList();
                var any = (node.Any ?? []).Select(c => c.Message).ToList();
                if (all.Count > 0)
                {
                    text.AppendLine().Append("      fix all of: ").Append(string.Join("; ", all));
                }

                if (any.Count > 0)
                {
                    text.AppendLine().Append("      fix any of: ").Append(string.Join("; ", any));
                }
            }

            if (v.Nodes.Length > 5)
            {
                text.AppendLine().Append($"    and {v.Nodes.Length - 5} more element(s)");
            }
        }

        return text.ToString();
    }
}

/// <summary>A page failed the accessibility pass; the message lists every serious or critical violation.</summary>
public sealed class AccessibilityException(string message) : Exception(message);
