using Spectre.Console;

namespace Aegis.Cli.Files;

/// <summary>
/// A progress bar on stderr for long batches. Shown only when stderr is a terminal and stdout is
/// not (when both are the terminal, the lines themselves show progress and a bar would garble them).
/// </summary>
internal sealed class ProgressDisplay : IDisposable
{
    private readonly Task _display;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ProgressTask? _task;
    private long _completed;

    private ProgressDisplay(int total)
    {
        // Spectre judges interactivity from stdout, which is redirected here; stderr is the terminal.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
        });
        var ready = new TaskCompletionSource();
        _display = console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                _task = context.AddTask("hashing", maxValue: total);
                ready.SetResult();
                while (!_done.Task.IsCompleted)
                {
                    _task.Value = Interlocked.Read(ref _completed);
                    await Task.WhenAny(_done.Task, Task.Delay(100));
                }

                _task.Value = Interlocked.Read(ref _completed);
            });
        ready.Task.Wait();
    }

    public static bool CanShow => !Console.IsErrorRedirected && Console.IsOutputRedirected;

    public static ProgressDisplay Start(int total) => new(total);

    public void Increment() => Interlocked.Increment(ref _completed);

    public void Dispose()
    {
        _done.TrySetResult();
        _display.Wait();
    }
}
