namespace Aegis.CyberTip.Schema;

/// <summary>A document that NCMEC's schema refuses; it is never sent.</summary>
public sealed class CyberTipSchemaException(IReadOnlyList<string> errors)
    : Exception("The CyberTipline document is not valid against NCMEC's schema: " + string.Join("; ", errors))
{
    /// <summary>Every error, with its line and position.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
