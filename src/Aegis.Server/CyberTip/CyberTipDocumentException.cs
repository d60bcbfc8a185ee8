namespace Aegis.Server.CyberTip;

/// <summary>A report's document or file could not be made here (never sent): what happened and what a human can do.</summary>
internal sealed class CyberTipDocumentException(string message, string remedy) : Exception(message)
{
    public string Remedy { get; } = remedy;
}
