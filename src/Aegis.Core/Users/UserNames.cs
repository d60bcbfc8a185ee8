namespace Aegis.Core.Users;

/// <summary>What a user name may be: 1 to 64 letters, digits, '.', '-', '_' or '@'; unique whatever its case.</summary>
public static class UserNames
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 64;

    /// <summary>Why <paramref name="name"/> is not a valid user name, or null when it is.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "The user name is empty.";
        }

        if (name.Length > MaxLength)
        {
            return $"The user name is longer than {MaxLength} characters.";
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@')
            ? null
            : "The user name may hold only ASCII letters, digits, '.', '-', '_' and '@'.";
    }

    /// <summary>The form two names are compared in: names differing only in case are the same user.</summary>
    public static string Normalize(string name) => name.ToUpperInvariant();
}
