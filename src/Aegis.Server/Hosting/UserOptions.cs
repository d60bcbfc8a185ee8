using System.Globalization;
using Aegis.Core.Users;

namespace Aegis.Server.Hosting;

/// <summary>The review console's local users: when failed sign-ins lock an account.</summary>
public sealed class UserOptions
{
    /// <summary>Failed sign-ins in a row (password or TOTP code) that lock an account.</summary>
    public int LockoutAttempts { get; set; } = LockoutPolicy.Default.Attempts;

    /// <summary>How long, in minutes, the lock lasts.</summary>
    public double LockoutMinutes { get; set; } = LockoutPolicy.Default.Duration.TotalMinutes;

    /// <summary>Minutes without a request after which a console session ends (sliding: each request renews it).</summary>
    public double IdleMinutes { get; set; } = 30;

    /// <summary>Hours after sign-in after which a console session ends however active it was.</summary>
    public double SessionHours { get; set; } = 12;

    /// <summary>The lockout rule these settings make.</summary>
    public LockoutPolicy Lockout => new(LockoutAttempts, TimeSpan.FromMinutes(LockoutMinutes));

    /// <summary>Adds a problem for each bad setting, named as the user would write it.</summary>
    public static void Validate(UserOptions options, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        if (options.LockoutAttempts is < 1 or > 1000)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Users:LockoutAttempts (AEGIS_USERS__LOCKOUTATTEMPTS) is 1 to 1000; got {options.LockoutAttempts}."));
        }

        if (!double.IsFinite(options.LockoutMinutes) || options.LockoutMinutes is <= 0 or > 7 * 24 * 60)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Users:LockoutMinutes (AEGIS_USERS__LOCKOUTMINUTES) is more than 0 and at most 10080 (a week); got {options.LockoutMinutes}."));
        }

        if (!double.IsFinite(options.IdleMinutes) || options.IdleMinutes is < 1 or > 24 * 60)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Users:IdleMinutes (AEGIS_USERS__IDLEMINUTES) is 1 to 1440 (a day); got {options.IdleMinutes}."));
        }

        if (!double.IsFinite(options.SessionHours) || options.SessionHours < options.IdleMinutes / 60 || options.SessionHours > 7 * 24)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Users:SessionHours (AEGIS_USERS__SESSIONHOURS) is at least Users:IdleMinutes and at most 168 (a week); got {options.SessionHours}."));
        }
    }
}
