namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>script_bands</c>: one LSH band key of a raised conversation's script
/// (<see cref="Core.Signals.RingClusterer.BandKey"/>), so a new signal finds the ring it belongs to by index.
/// </summary>
internal sealed class ScriptBandRow
{
    public long BandKey { get; set; }

    public long ConversationRowId { get; set; }
}
