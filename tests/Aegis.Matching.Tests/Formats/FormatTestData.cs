using System.Text;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;

namespace Aegis.Matching.Tests.Formats;

/// <summary>Random stand-in hashes (never real list entries) and helpers for the format tests.</summary>
internal static class FormatTestData
{
    /// <summary>The sample lists, copied next to the test binaries from tests/data/hashlists.</summary>
    public static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "data", "hashlists", name);

    public static string Hex(Random random, int length)
    {
        var bytes = new byte[length / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static string Hex(Random random, SignalType type) => Hex(random, type == SignalType.Md5 ? 32 : 64);

    public static List<HashListItem> Read(
        string text, HashListFormat? format = null, SignalType? defaultType = null, string? fileName = null) =>
        HashListReader.Read(new StringReader(text), format, fileName, defaultType).ToList();

    public static HashListRecord Record(HashListItem item)
    {
        Assert.True(item.Record is not null, $"expected a record, got {item.Error}");
        return item.Record!;
    }

    public static HashListError Error(HashListItem item)
    {
        Assert.True(item.Error is not null, $"expected an error, got {item.Record}");
        return item.Error!;
    }

    /// <summary>Reads exactly one error, and checks its line and that its reason contains every fragment.</summary>
    public static HashListError SingleError(string text, HashListFormat format, long line, params string[] fragments)
    {
        var items = Read(text, format);
        var errors = items.Where(i => i.IsError).ToList();
        var error = Assert.Single(errors).Error!;
        Assert.Equal(line, error.Line);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, error.Reason, StringComparison.Ordinal);
        }

        return error;
    }

    public static string Write(HashListFormat format, IEnumerable<HashListRecord> records)
    {
        var text = new StringWriter();
        HashListWriter.Write(text, format, records);
        return text.ToString();
    }

    /// <summary>A string of random characters, weighted towards the ones formats must escape.</summary>
    public static string? Text(Random random)
    {
        var roll = random.Next(10);
        if (roll == 0)
        {
            return null;
        }

        if (roll == 1)
        {
            return "";
        }

        string[] pieces =
        [
            "a", "Z", "7", " ", "  ", "\t", ",", "\"", "\"\"", "'", "\n", "\r\n", "\r", "#", "{", "}", "\\", "é", "ß",
            "日本", "😀", "\u00a0", "\u2028", "\u0000", "=1+1", "ncmec", "list-2026",
        ];
        var builder = new StringBuilder();
        var count = random.Next(1, 8);
        for (var i = 0; i < count; i++)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }

    public static HashListRecord RandomRecord(Random random)
    {
        var type = (SignalType)random.Next(4);
        DateTimeOffset? addedAt = random.Next(4) == 0
            ? null
            : new DateTimeOffset(
                new DateTime(2000, 1, 1).AddTicks((long)(random.NextDouble() * TimeSpan.FromDays(365 * 40).Ticks)),
                TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60 + 1)));
        return new HashListRecord(
            type, type == SignalType.Vpdq ? Vpdq(random) : Hex(random, type), Text(random), Text(random), Text(random), addedAt, Text(random), random.Next(5) != 0);
    }

    /// <summary>A random vPDQ signal in canonical form: 1 to 5 frames of random hashes, qualities and timestamps.</summary>
    public static string Vpdq(Random random)
    {
        var frames = Enumerable.Range(0, random.Next(1, 6)).Select(i => new VpdqFeature(
            PdqHash.Parse(Hex(random, 64)), i, random.Next(101), Math.Round(random.NextDouble() * 5000, 3)));
        return VpdqSignal.SerializeCanonical(frames);
    }

    /// <summary>Equal in every field, the offset of <see cref="HashListRecord.AddedAt"/> included.</summary>
    public static void AssertExactlyEqual(HashListRecord expected, HashListRecord actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(expected.AddedAt?.Offset, actual.AddedAt?.Offset);
        Assert.Equal(expected.AddedAt?.Ticks, actual.AddedAt?.Ticks);
    }
}
