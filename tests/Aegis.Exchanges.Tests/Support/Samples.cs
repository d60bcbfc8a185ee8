namespace Aegis.Exchanges.Tests.Support;

/// <summary>The exchanges' sample payloads (tests/data/exchanges; see its NOTICE for where each comes from).</summary>
internal static class Samples
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "data", "exchanges", name);

    public static string Text(string name) => File.ReadAllText(Path(name));
}
