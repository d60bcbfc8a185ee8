using System.Globalization;
using Aegis.Storage;

namespace Aegis.Cli.Banks;

/// <summary>Import progress on stderr when it is a terminal: records read, added, merged, rate.</summary>
internal sealed class ImportProgressDisplay : IProgress<ImportProgress>, IDisposable
{
    private readonly bool _show = !Console.IsErrorRedirected;

    private ImportProgressDisplay()
    {
    }

    public static ImportProgressDisplay Start() => new();

    public void Report(ImportProgress value)
    {
        if (_show)
        {
            var rate = value.Read / Math.Max(value.Elapsed.TotalSeconds, 1e-3);
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{value.Read:N0} records read, {value.Added:N0} added, {value.Merged:N0} merged ({rate:N0}/s)   "));
        }
    }

    public void Dispose()
    {
        if (_show)
        {
            Console.Error.WriteLine();
        }
    }
}
