using Aegis.Core.Input;

namespace Aegis.Core.Tests.Input;

public sealed class IdentifierTests
{
    /// <summary>Ids platforms use: numbers, UUIDs, URLs, names in other scripts, emoji (a surrogate pair), spaces inside.</summary>
    public static TheoryData<string> Good =>
    [
        "post-1", "1234567890", "3f2b8c1e-8d7a-4c61-9b0e-5a4f7d2c1e90", "https://example.com/p/1?x=2#y", "пост-1", "投稿-１",
        "مرحبا", "👍-post", "a b", " leading and trailing ", new string('x', Identifier.MaxLength),
    ];

    [Theory]
    [MemberData(nameof(Good))]
    public void A_platforms_ids_are_accepted(string id) => Assert.Null(Identifier.Validate("content_id", id));

    /// <summary>Each refused id and a fragment of why.</summary>
    public static TheoryData<string?, string> Bad => new()
    {
        { null, "required" },
        { "", "may not be empty" },
        { "   ", "only spaces" },
        { "\u3000", "only spaces" },
        { new string('x', Identifier.MaxLength + 1), "at most 256 characters; got 257" },
        { "a\0b", "a control character (U+0000, character 2)" },
        { "a\nb", "a control character (U+000A" },
        { "a\rb", "a control character (U+000D" },
        { "a\tb", "a control character (U+0009" },
        { "a\u007Fb", "a control character (U+007F" },
        { "a\u0085b", "a control character (U+0085" },
        { "post-\u202Egpj.exe", "a bidirectional formatting character (U+202E, character 6)" },
        { "a\u202Ab", "bidirectional formatting character (U+202A" },
        { "a\u2066b", "bidirectional formatting character (U+2066" },
        { "a\u2069b", "bidirectional formatting character (U+2069" },
        { "a\u200Eb", "bidirectional formatting character (U+200E" },
        { "a\u200Fb", "bidirectional formatting character (U+200F" },
        { "a\u061Cb", "bidirectional formatting character (U+061C" },
        { "a\u2028b", "a line or paragraph separator (U+2028" },
        { "a\u2029b", "a line or paragraph separator (U+2029" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void An_id_that_cannot_be_stored_or_shown_as_it_is_is_refused_naming_the_field(string? id, string why)
    {
        var problem = Identifier.Validate("content_id", id);

        Assert.NotNull(problem);
        Assert.StartsWith("content_id ", problem, StringComparison.Ordinal);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused_and_a_pair_is_not()
    {
        // Built here, not in theory data: xunit's serialization of theory data turns lone surrogates into U+FFFD.
        Assert.Contains("a lone surrogate (U+D800, character 2)", Identifier.Validate("content_id", "a" + '\uD800' + "b"), StringComparison.Ordinal);
        Assert.Contains("a lone surrogate (U+DC00, character 2)", Identifier.Validate("content_id", "a" + '\uDC00'), StringComparison.Ordinal);
        Assert.Contains("a lone surrogate (U+DBFF, character 1)", Identifier.Validate("content_id", '\uDBFF'.ToString()), StringComparison.Ordinal);
        Assert.Null(Identifier.Validate("content_id", "a" + '\uD83D' + '\uDC4D'));
    }

    [Fact]
    public void The_problem_does_not_repeat_the_id()
    {
        // The id is what is wrong: echoing a bidirectional override would reorder the message itself.
        Assert.DoesNotContain("\u202E", Identifier.Validate("content_id", "x\u202Ey"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_optional_id_may_be_left_out_but_not_given_empty()
    {
        Assert.Null(Identifier.ValidateOptional("uploader_id", null));
        Assert.NotNull(Identifier.ValidateOptional("uploader_id", ""));
        Assert.NotNull(Identifier.ValidateOptional("uploader_id", "a\nb"));
    }

    [Fact]
    public void A_field_may_have_a_tighter_limit()
    {
        Assert.Null(Identifier.Validate("uploader_ip", new string('1', 64), 64));
        Assert.Contains("at most 64 characters; got 65", Identifier.Validate("uploader_ip", new string('1', 65), 64), StringComparison.Ordinal);
    }
}
