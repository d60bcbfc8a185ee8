using Aegis.Core.Signals;

namespace Aegis.Core.Tests.Signals;

/// <summary>Banks are data: read, written back identically, and refused with the line named when wrong.</summary>
public sealed class PatternBankFormatTests
{
    private const string Header = """{"format":"aegis-pattern-bank","format_version":1,"name":"test","version":"1","language":"en"}""";

    [Fact]
    public void The_starter_banks_load_and_round_trip()
    {
        foreach (var bank in StarterBanks.All())
        {
            Assert.True(bank.Entries.Count >= 50, bank.Name);
            var again = PatternBankFormat.Read(PatternBankFormat.Write(bank));
            Assert.Equal(bank with { Entries = [] }, again with { Entries = [] });
            Assert.Equal(bank.Entries, again.Entries);
        }

        Assert.Equal(["en", "es"], StarterBanks.All().Select(b => b.Language));
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("""{"format":"other","format_version":1}""", 1, "header")]
    [InlineData(Header + "\n{\"format\":\"aegis-pattern-bank\",\"format_version\":2,\"name\":\"x\",\"version\":\"1\",\"language\":\"en\"}", 2, "\"id\" is missing")]
    [InlineData(Header + "\n\n{\"id\":\"a\",\"category\":\"threats\",\"phrase\":\"x\"}", 3, "unknown category 'threats'")]
    [InlineData(Header + "\n{\"id\":\"a\",\"category\":\"secrecy\",\"phrase\":\"keep (it|this\"}", 2, "not closed")]
    [InlineData(Header + "\n{\"id\":\"a\",\"category\":\"secrecy\",\"phrase\":\"!!!\"}", 2, "no words")]
    [InlineData(Header + "\n{\"id\":\"a\",\"category\":\"secrecy\",\"phrase\":\"our secret\",\"weight\":1.5}", 2, "weight")]
    [InlineData(Header + "\n{\"id\":\"a\",\"category\":\"secrecy\",\"phrase\":\"our secret\"}\n{\"id\":\"a\",\"category\":\"secrecy\",\"phrase\":\"x\"}", 3, "used twice")]
    [InlineData(Header + "\nnot json", 2, "not valid JSON")]
    [InlineData(Header + "\n{\"category\":\"secrecy\",\"phrase\":\"x\"}", 2, "\"id\" is missing")]
    public void Bad_input_names_its_line(string text, int line, string message)
    {
        var error = Assert.Throws<PatternBankFormatException>(() => PatternBankFormat.Read(text));
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
