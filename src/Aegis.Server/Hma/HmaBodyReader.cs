using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// Reads a fetched body into one <see cref="HmaBodyBuffer"/>, never holding more than the limit (plus one byte read to
/// see that it is passed). A plain body with a <c>Content-Length</c> gets a buffer of that size; any other starts at
/// 64 KB and doubles, never past the limit, and only once a byte beyond the full buffer has come. A <c>gzip</c> or
/// <c>deflate</c> body is decoded (as HMA's <c>requests</c> does), and both its wire bytes and its decoded bytes count
/// against the limit.
/// </summary>
internal static class HmaBodyReader
{
    /// <summary>What <see cref="ReadAsync"/> decodes, sent as <c>Accept-Encoding</c>: what <c>requests</c> sends by default.</summary>
    public const string AcceptEncoding = "gzip, deflate";

    /// <summary>The first buffer of a body whose decoded size is unknown.</summary>
    private const int FirstBuffer = 64 * 1024;

    /// <summary>The body, which the caller disposes; or a 413 (<see cref="HmaException"/>) once it is over <paramref name="limit"/> bytes.</summary>
    /// <exception cref="InvalidDataException">An encoding it does not decode, or a corrupt encoded body.</exception>
    /// <exception cref="IOException">The body was cut short or the connection failed.</exception>
    public static async Task<HmaBodyBuffer> ReadAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        var max = (int)Math.Min(limit, Array.MaxLength);
        var length = content.Headers.ContentLength;
        if (length > max)
        {
            throw TooLarge();
        }

        var encoding = Encoding(content.Headers.ContentEncoding);
        await using var body = Decoded(await content.ReadAsStreamAsync(cancellationToken), encoding, max);
        var buffer = new HmaBodyBuffer(encoding is null && length is { } exact ? (int)exact : Math.Min(max, FirstBuffer));
        try
        {
            await FillAsync(buffer, body, max, cancellationToken);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static async Task FillAsync(HmaBodyBuffer buffer, Stream body, int max, CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        while (true)
        {
            if (buffer.Filled == buffer.Capacity)
            {
                // Full: one more byte says whether the body goes on, before the buffer grows.
                if (await body.ReadAsync(probe, cancellationToken) == 0)
                {
                    return;
                }

                if (buffer.Filled == max)
                {
                    throw TooLarge();
                }

                buffer.Grow((int)Math.Min(max, Math.Max(FirstBuffer, 2L * buffer.Filled)));
                buffer.GetSpan()[buffer.Filled++] = probe[0];
            }

            var read = await body.ReadAsync(buffer.Free, cancellationToken);
            if (read == 0)
            {
                return;
            }

            buffer.Filled += read;
        }
    }

    private static HmaException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "Content too large");

    /// <summary>The one encoding to decode, or null for none; <c>identity</c> is none.</summary>
    private static string? Encoding(ICollection<string> encodings)
    {
        var coded = encodings.Where(e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase)).ToList();
        return coded.Count switch
        {
            0 => null,
            1 => coded[0].ToLowerInvariant(),
            _ => throw new InvalidDataException($"more than one Content-Encoding: {string.Join(", ", encodings)}"),
        };
    }

    private static Stream Decoded(Stream wire, string? encoding, long max) => encoding switch
    {
        null => wire,
        "gzip" or "x-gzip" => new GZipStream(new HmaWireLimitStream(wire, max), CompressionMode.Decompress),
        "deflate" => new ZLibStream(new HmaWireLimitStream(wire, max), CompressionMode.Decompress),
        _ => Refuse(wire, encoding),
    };

    private static Stream Refuse(Stream wire, string encoding)
    {
        wire.Dispose();
        throw new InvalidDataException($"Content-Encoding '{encoding}' was not asked for (Accept-Encoding: {AcceptEncoding})");
    }
}
