using System.Globalization;

namespace Aegis.Core.Exchanges;

/// <summary>What an exchange's name and schedule may be (the API, the CLI and the store check the same rules).</summary>
public static class ExchangeRules
{
    /// <summary>The longest name (as a bank's: an HMA exchange is a bank of the same name).</summary>
    public const int MaxNameLength = 64;

    /// <summary>The shortest schedule, in minutes: an exchange is not polled more than once a minute.</summary>
    public const int MinScheduleMinutes = 1;

    /// <summary>The longest schedule, in minutes: a week.</summary>
    public const int MaxScheduleMinutes = 7 * 24 * 60;

    /// <summary>The schedule when none is given: hourly.</summary>
    public const int DefaultScheduleMinutes = 60;

    /// <summary>Why <paramref name="name"/> cannot name an exchange (1 to 64 letters, digits, '-', '_' and '.'), or null.</summary>
    public static string? ValidateName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return $"name: an exchange name is 1 to {MaxNameLength} characters.";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return $"name: an exchange name may hold letters, digits, '-', '_' and '.'; '{name}' has '{c}'.";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="minutes"/> is not a schedule, or null.</summary>
    public static string? ValidateSchedule(int minutes) => minutes is < MinScheduleMinutes or > MaxScheduleMinutes
        ? string.Create(CultureInfo.InvariantCulture, $"schedule_minutes is {MinScheduleMinutes} to {MaxScheduleMinutes} (a week); got {minutes}.")
        : null;
}
