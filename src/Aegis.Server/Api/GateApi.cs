using System.Globalization;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Memory;
using Aegis.Hashing.Video;
using Aegis.Server.Auth;
using Aegis.Server.Gate;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>The upload gate: <c>POST /v1/media</c> (bytes) and <c>POST /v1/lookup</c> (hashes only).</summary>
internal static class GateApi
{
    /// <summary>
    /// The most a declared body length reserves before its bytes arrive (larger bodies grow as they come). Above 16 MiB the
    /// buffer is native memory, whose pages are taken only as bytes are written into them: a client that declares more
    /// than it sends costs address space, not memory.
    /// </summary>
    private const int TrustedLengthHint = 64 * 1024 * 1024;

    public static IEndpointRouteBuilder MapGateApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").RequireAuthorization(Roles.Platform).WithTags("Gate")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        v1.MapPost("/media", UploadAsync)
            .WithSummary("Hash an upload, match it against every enabled bank, record it, and answer allow, hold or block.")
            .WithDescription("Send the bytes as the body (any content type: the format is told from the bytes) with content_id, uploader_id, uploader_ip, uploaded_at and parent_content_id as query parameters, or as multipart/form-data with a 'file' field and the same names as form fields.");
        v1.MapPost("/lookup", LookupAsync)
            .WithSummary("Match hashes the platform computed itself (no bytes); with a content_id the item is recorded too.");
        return app;
    }

    private static async Task<Ok<GateResponse>> UploadAsync(HttpRequest request, MediaGate gate, CancellationToken cancellationToken)
    {
        GateRequest meta;
        RentedBuffer<byte> buffer;
        int length;
        FileDigests? digests;
        string? mediaType;
        if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            var file = form.Files.GetFile("file") ?? (form.Files.Count == 1 ? form.Files[0] : null)
                ?? throw new GateException(StatusCodes.Status400BadRequest, "No file", "A multipart upload needs one file, in the field 'file'.");
            meta = Meta(name => form[name] is { Count: > 0 } value ? value.ToString() : request.Query[name].ToString());
            mediaType = file.ContentType;
            await using var stream = file.OpenReadStream();
            (buffer, length, digests) = await ReadAllAsync(stream, file.Length, cancellationToken);
        }
        else
        {
            meta = Meta(name => request.Query[name].ToString());
            mediaType = request.ContentType;
            (buffer, length, digests) = await ReadAllAsync(request.Body, request.ContentLength ?? 0, cancellationToken);
        }

        using (buffer)
        {
            return TypedResults.Ok(await gate.UploadAsync(meta, buffer.Memory[..length], digests, mediaType, cancellationToken));
        }
    }

    private static async Task<Ok<GateResponse>> LookupAsync([FromBody] LookupRequest lookup, MediaGate gate, CancellationToken cancellationToken) =>
        TypedResults.Ok(await gate.LookupAsync(lookup, cancellationToken));

    private static GateRequest Meta(Func<string, string> field)
    {
        string? Text(string name) => field(name) is { Length: > 0 } value ? value : null;
        DateTimeOffset? uploadedAt = null;
        if (Text("uploaded_at") is { } at)
        {
            uploadedAt = DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new GateException(StatusCodes.Status400BadRequest, "Bad uploaded_at", $"uploaded_at must be an ISO 8601 time such as 2026-11-25T10:00:00Z; got '{at}'.");
        }

        return new GateRequest(Text("content_id"), Text("uploader_id"), Text("uploader_ip"), uploadedAt, Text("parent_content_id"));
    }

    /// <summary>
    /// The whole body in a <see cref="RentedBuffer{T}"/> (disposed by the caller): pooled up to 16 MiB, as uploads are
    /// megabytes and a fresh array each would land on the large-object heap and cost full collections; native memory
    /// above, given back to the system once idle (pooled, a large body's buffer would stay resident for good).
    /// Kestrel enforces MaxRequestBytes while this reads. The declared length sizes the first buffer only up to
    /// <see cref="TrustedLengthHint"/>: a client that declares a gigabyte and sends nothing must not make the server
    /// reserve it. A body that starts like a video has its MD5 and SHA-256 computed as it arrives (see
    /// <see cref="StreamingDigests"/>): the gate looks them up before anything is decoded, and a known file's verdict
    /// should not wait for a second pass over tens of megabytes. Images are digested by their hasher, as they are decoded.
    /// </summary>
    private static async Task<(RentedBuffer<byte> Buffer, int Length, FileDigests? Digests)> ReadAllAsync(
        Stream stream, long lengthHint, CancellationToken cancellationToken)
    {
        var buffer = new RentedBuffer<byte>((int)Math.Clamp(lengthHint + 1, 64 * 1024, TrustedLengthHint));
        var length = 0;
        StreamingDigests? digests = null;
        var sniffed = false;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = new RentedBuffer<byte>((int)Math.Min(Array.MaxLength, 2L * buffer.Length));
                    buffer.Span[..length].CopyTo(larger.Span);
                    buffer.Dispose();
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.Memory[length..], cancellationToken);
                if (read == 0)
                {
                    return (buffer, length, digests?.Finish(buffer.Memory[..length]));
                }

                length += read;
                if (!sniffed && length >= VideoSniffer.HeaderLength)
                {
                    sniffed = true;
                    digests = VideoSniffer.LooksLikeVideo(buffer.Span[..VideoSniffer.HeaderLength]) ? new StreamingDigests() : null;
                }

                digests?.Append(buffer.Memory[..length]);
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        finally
        {
            digests?.Dispose();
        }
    }
}
