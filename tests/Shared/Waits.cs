using System.Diagnostics;

namespace Aegis.Tests;

/// <summary>
/// Waiting for what happens asynchronously: a match event, a webhook, a server becoming ready, a child process exiting.
/// No test promises how fast anything happens (a busy machine may be slow): a wait fails only when the test would
/// otherwise hang, and its message says what never happened. Linked into each test project that waits.
/// </summary>
internal static class Waits
{
    /// <summary>How long any wait goes on: a guard against a hang on a busy machine, not a speed claim.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    /// <summary>Between two looks: often enough that a test does not idle, seldom enough not to load what it watches.</summary>
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(50);

    /// <summary>Looks until <paramref name="done"/> holds; fails after <see cref="HangGuard"/>, saying <paramref name="what"/> never happened.</summary>
    /// <param name="done">The check.</param>
    /// <param name="what">What is waited for, as a noun phrase ("a content.removed webhook for post-1").</param>
    /// <param name="seen">What was seen instead, for the failure message.</param>
    public static Task UntilAsync(Func<bool> done, string what, Func<string>? seen = null) =>
        UntilAsync(() => Task.FromResult(done()), what, seen);

    /// <summary>Looks until <paramref name="done"/> holds, every <paramref name="every"/>; fails after <see cref="HangGuard"/>, saying <paramref name="what"/> never happened.</summary>
    /// <param name="done">The check.</param>
    /// <param name="what">What is waited for, as a noun phrase ("the server becoming ready").</param>
    /// <param name="seen">What was seen instead, for the failure message.</param>
    /// <param name="every">Between two looks, when not the default.</param>
    public static async Task UntilAsync(Func<Task<bool>> done, string what, Func<string>? seen = null, TimeSpan? every = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > HangGuard)
            {
                throw new TimeoutException(Never(what) + (seen is null ? "" : $" Seen instead: {seen()}"));
            }

            await Task.Delay(every ?? Every);
        }
    }

    /// <summary>The failure message of a wait for <paramref name="what"/> that ran into the <see cref="HangGuard"/>.</summary>
    public static string Never(string what) =>
        $"Gave up waiting for {what}: it never happened in {HangGuard.TotalMinutes:0} minutes (a guard against a hang, not a speed claim).";
}
