namespace Aegis.Storage;

/// <summary>What the platform is given to show the recipient of a signal: where to get help, and a line for them.</summary>
/// <param name="HelpUrl">Help (Take It Down by default).</param>
/// <param name="Message">A line saying they are not in trouble and help is there.</param>
public sealed record SignalNotice(string HelpUrl, string Message);
