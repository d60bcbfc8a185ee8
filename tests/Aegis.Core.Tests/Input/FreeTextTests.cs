using Aegis.Core.Input;

namespace Aegis.Core.Tests.Input;

public sealed class FreeTextTests
{
    public static TheoryData<string?> Good =>
    [
        null, "", "Seen in full.", "line one\nline two\r\n\tindented", "עברית \u200F (RLM) and \u202Bembedded\u202C", "👍",
        new string('x', FreeText.MaxLength),
    ];

    [Theory]
    [MemberData(nameof(Good))]
    public void What_people_write_is_accepted_with_its_line_breaks_tabs_and_direction_marks(string? text) =>
        Assert.Null(FreeText.Validate("reason", text));

    public static TheoryData<string, string> Bad => new()
    {
        { new string('x', FreeText.MaxLength + 1), "at most 10,000 characters; got 10,001" },
        { "a\0b", "a control character (U+0000, character 2)" },
        { "a\u001Bb", "a control character (U+001B" },
        { "a\u0007b", "a control character (U+0007" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Text_that_cannot_be_stored_or_is_too_long_is_refused_naming_the_field(string text, string why)
    {
        var problem = FreeText.Validate("reason", text);

        Assert.NotNull(problem);
        Assert.StartsWith("reason ", problem, StringComparison.Ordinal);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        // Built here, not in theory data: xunit's serialization of theory data turns lone surrogates into U+FFFD.
        Assert.Contains("reason may not hold a lone surrogate (U+D83D, character 2)", FreeText.Validate("reason", "a" + '\uD83D' + "b"), StringComparison.Ordinal);
    }
}
