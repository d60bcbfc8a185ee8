namespace Aegis.Matching.Content;

/// <summary>
/// A snapshot directory that cannot be used as it is: missing, truncated, damaged or of another format version.
/// The caller rebuilds the index from its rows; nothing in the snapshot was trusted.
/// </summary>
public sealed class ContentSnapshotException : Exception
{
    public ContentSnapshotException()
    {
    }

    public ContentSnapshotException(string message)
        : base(message)
    {
    }

    public ContentSnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
