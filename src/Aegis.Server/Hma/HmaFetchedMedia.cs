namespace Aegis.Server.Hma;

/// <summary>
/// Media fetched for a <c>?url=</c>: its body and media type. It holds one of the node's fetch slots and the body's
/// native memory until disposed, so the bodies a node holds stay within
/// <see cref="Hosting.HmaOptions.MaxConcurrentFetches"/> × <c>MaxRequestBytes</c>, and are freed the moment they are hashed.
/// </summary>
internal sealed class HmaFetchedMedia(HmaBodyBuffer body, string? mediaType, SemaphoreSlim slots) : IDisposable
{
    private SemaphoreSlim? _slots = slots;

    /// <summary>The body, decoded from its <c>Content-Encoding</c>; not to be read after disposal.</summary>
    public ReadOnlyMemory<byte> Bytes => body.Bytes;

    /// <summary>The <c>Content-Type</c> without parameters, in lower case, or null.</summary>
    public string? MediaType { get; } = mediaType;

    /// <summary>Frees the body and gives the slot back; disposing twice does nothing more.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _slots, null) is { } slots)
        {
            body.Dispose();
            slots.Release();
        }
    }
}
