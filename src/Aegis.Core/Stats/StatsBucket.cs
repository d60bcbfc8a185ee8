namespace Aegis.Core.Stats;

/// <summary>How long each bucket of a statistics period is (UTC hours or days).</summary>
public enum StatsBucket
{
    /// <summary>One hour, from the top of the hour.</summary>
    Hour,

    /// <summary>One day, from midnight UTC.</summary>
    Day,
}
