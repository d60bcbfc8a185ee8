namespace Aegis.Core.Signals;

/// <summary>The snake_case names of <see cref="SignalCategory"/> used in bank files and explanations.</summary>
public static class SignalCategories
{
    /// <summary>How many categories there are.</summary>
    public const int Count = 11;

    private static readonly string[] Names =
    [
        "threat_to_share", "payment_demand", "picture_request", "age_question", "age_statement", "move_platform", "secrecy",
        "flattery", "sexual_talk", "meeting_request", "image_leverage",
    ];

    /// <summary>The snake_case name of <paramref name="category"/>.</summary>
    public static string Name(SignalCategory category) => Names[(int)category];

    /// <summary>The category named <paramref name="name"/> (snake_case), or false.</summary>
    public static bool TryParse(string? name, out SignalCategory category)
    {
        var index = Array.IndexOf(Names, name);
        category = (SignalCategory)Math.Max(0, index);
        return index >= 0;
    }

    /// <summary>Every name, for error messages.</summary>
    public static string All => string.Join(", ", Names);
}
