namespace Aegis.Core.CyberTip;

/// <summary>The next call a submission makes: the action, and for a file's steps the file's position.</summary>
public readonly record struct CyberTipStep(CyberTipAction Action, int File = -1);
