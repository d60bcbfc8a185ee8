using Aegis.Hashing.Memory;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// Finds the media of an HMA request, as HMA does: a URL to fetch (<c>?url=</c>, the content type from
/// <c>content_type=</c> or the response's <c>Content-Type</c>), or a <c>multipart/form-data</c> upload of exactly one
/// file whose field name is the content type (<c>photo=@x.jpg</c>); then hashes it.
/// </summary>
internal sealed class HmaMedia(Fetching.UrlFetcher fetcher, HmaHasher hasher)
{
    /// <summary>
    /// Fetches the media at <paramref name="url"/> and answers its signals (<see cref="HashAsync"/>); the fetch's slot is
    /// held until it is hashed.
    /// </summary>
    public async Task<SortedDictionary<string, string>> HashUrlAsync(string url, string? contentType, string? types, CancellationToken cancellationToken)
    {
        var type = contentType is null ? null : HmaSignalTypes.ContentType(contentType);
        using var fetched = await fetcher.FetchAsync(url, cancellationToken);
        var mediaType = fetched.MediaType;
        type ??= mediaType switch
        {
            not null when mediaType.StartsWith("image", StringComparison.Ordinal) => HmaSignalTypes.Photo,
            not null when mediaType.StartsWith("video", StringComparison.Ordinal) => HmaSignalTypes.Video,
            _ => throw new HmaException(
                StatusCodes.Status400BadRequest,
                $"unsupported url ContentType: '{mediaType}', if you know the expected type, provide it with the content_type query param"),
        };
        return await hasher.HashAsync(fetched.Bytes, type, HmaSignalTypes.Select(type, types), cancellationToken);
    }

    /// <summary>The one file of a multipart upload; its field name is its content type.</summary>
    public static async Task<HmaUpload> FromFormAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        if (form.Files.Count == 0)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Missing multipart/form-data file upload");
        }

        if (form.Files.Count > 1)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Only one file allowed per request");
        }

        var file = form.Files[0];
        var type = HmaSignalTypes.ContentType(file.Name);
        if (file.Length > Array.MaxLength)
        {
            throw new HmaException(StatusCodes.Status413PayloadTooLarge, "Content too large");
        }

        // A rented buffer, not an array: a large one is native memory given back when the upload is hashed, where an array
        // would stay on the large-object heap of an idle server until its next full collection (measured: 4 uploads of
        // 108 MB left it 450 MB larger).
        var bytes = new RentedBuffer<byte>((int)file.Length);
        try
        {
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(bytes.Memory, cancellationToken);
            return new HmaUpload(bytes.Memory, type, bytes);
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }

    /// <summary>The form of a multipart request, or a 400 when the request is not one.</summary>
    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken) =>
        request.HasFormContentType
            ? await request.ReadFormAsync(cancellationToken)
            : throw new HmaException(StatusCodes.Status400BadRequest, "Missing multipart/form-data file upload");

    /// <summary>
    /// The media's signals: the types named in <paramref name="types"/>, else every type of its content type. The upload
    /// is used up: its buffer is given back, whatever happens.
    /// </summary>
    public async Task<SortedDictionary<string, string>> HashAsync(HmaUpload upload, string? types, CancellationToken cancellationToken)
    {
        using (upload)
        {
            return await hasher.HashAsync(upload.Bytes, upload.ContentType, HmaSignalTypes.Select(upload.ContentType, types), cancellationToken);
        }
    }
}
