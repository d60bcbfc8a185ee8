namespace Aegis.Hashing.Tests.Support;

/// <summary>Paths into the project's copy of the reference data (tests/data, copied next to the test binaries).</summary>
internal static class TestData
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "data");

    /// <summary>The PDQ vectors from facebook/ThreatExchange (see tests/data/pdq/NOTICE).</summary>
    public static string Pdq(string relative) => Path.Combine(Root, "pdq", relative);

    /// <summary>Rows of a tab-separated file with a header line, as column-name → value maps.</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> ReadTsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split('\t');
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split('\t');
            yield return header.Select((h, i) => (h, v: i < cells.Length ? cells[i] : ""))
                .ToDictionary(x => x.h, x => x.v);
        }
    }
}
