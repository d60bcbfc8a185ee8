namespace Aegis.Core.Signals;

/// <summary>The age band a platform declares for an account (what it knows, not a verified age).</summary>
public enum AgeBand : byte
{
    /// <summary>Not declared.</summary>
    Unknown,

    /// <summary>Under 13.</summary>
    Under13,

    /// <summary>13 to 15.</summary>
    From13To15,

    /// <summary>16 or 17.</summary>
    From16To17,

    /// <summary>18 or older.</summary>
    Adult,
}
