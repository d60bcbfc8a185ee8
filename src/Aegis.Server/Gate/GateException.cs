namespace Aegis.Server.Gate;

/// <summary>A request the gate refuses, with the HTTP status and a detail for the caller.</summary>
public sealed class GateException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;
}
