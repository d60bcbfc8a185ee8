using Spectre.Console;
using Spectre.Console.Rendering;

namespace Aegis.Cli;

/// <summary>Renders Spectre tables to a plain writer (so tests and pipes get text, a terminal gets the same).</summary>
internal static class Tables
{
    public static void Write(TextWriter writer, IRenderable renderable)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 120;
        console.Write(renderable);
    }
}
