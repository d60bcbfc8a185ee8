using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Aegis.Server.Web;

/// <summary>
/// A hash-list file sent from the console's upload form (multipart/form-data), kept in a temporary file that is deleted
/// when closed, with the form's other fields. Read as a stream, never buffered whole in memory. The antiforgery token
/// is checked before a byte of the file is read: it comes in the <c>RequestVerificationToken</c> header (the page's
/// script sends it) or as the form's first field (the form puts it first); without it nothing is received.
/// </summary>
internal sealed class ListUpload : IAsyncDisposable
{
    /// <summary>The name of the form's file field.</summary>
    public const string FileField = "file";

    /// <summary>The longest value of a form field other than the file, in characters.</summary>
    private const int MaxFieldLength = 4096;

    private ListUpload()
    {
    }

    /// <summary>The file, at its start; null when none came.</summary>
    public FileStream? File { get; private set; }

    /// <summary>The file's name as the browser gave it (no path).</summary>
    public string? FileName { get; private set; }

    /// <summary>The form's other fields.</summary>
    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    public string? Field(string name) => Fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Receives the form: the token checked first, then the fields and the file (into a temporary file).</summary>
    /// <exception cref="ListUploadException">No token, not a multipart form, too large, no file, an empty or a binary file.</exception>
    public static async Task<ListUpload> ReceiveAsync(HttpContext context, IAntiforgery antiforgery, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(antiforgery);
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new ListUploadException(FileField, "Send the form as a file upload (multipart/form-data).", StatusCodes.Status415UnsupportedMediaType);
        }

        var upload = new ListUpload();
        try
        {
            var reader = new MultipartReader(boundary, context.Request.Body);
            var validated = false;
            if (context.Request.Headers.ContainsKey(Antiforgery.HeaderName))
            {
                await ValidateAsync(context, antiforgery);
                validated = true;
            }

            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (!validated)
                {
                    // The form's first field is its token (the form puts it there); anything else first is refused unread.
                    if (name != Antiforgery.FormField || disposition.IsFileDisposition())
                    {
                        throw Refused();
                    }

                    context.Request.Headers[Antiforgery.HeaderName] = await ReadTextAsync(section.Body, cancellationToken);
                    await ValidateAsync(context, antiforgery);
                    validated = true;
                    continue;
                }

                if (disposition.IsFileDisposition())
                {
                    if (name == FileField && upload.File is null)
                    {
                        upload.FileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileName).Value);
                        upload.File = await KeepAsync(section.Body, cancellationToken);
                    }
                    else
                    {
                        await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                    }
                }
                else
                {
                    upload.Fields[name] = await ReadTextAsync(section.Body, cancellationToken);
                }
            }

            if (!validated)
            {
                throw Refused();
            }

            await upload.CheckAsync(cancellationToken);
            return upload;
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await upload.DisposeAsync();
            throw new ListUploadException(FileField, $"The file is larger than this server accepts: at most {ConsoleFormat.Size(maxBytes)} (MaxRequestBytes).", StatusCodes.Status413PayloadTooLarge);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            // A body that is not the multipart form it says it is, or that was cut off.
            await upload.DisposeAsync();
            throw new ListUploadException(FileField, "The upload did not arrive whole; send it again.", StatusCodes.Status400BadRequest);
        }
        catch
        {
            await upload.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes (and so deletes) the temporary file; a file handed on (<see cref="Take"/>) is the taker's.</summary>
    public async ValueTask DisposeAsync()
    {
        if (File is not null)
        {
            await File.DisposeAsync();
        }
    }

    /// <summary>The file, now the caller's to close (closing deletes it).</summary>
    public FileStream Take()
    {
        var file = File ?? throw new InvalidOperationException("No file was received.");
        File = null;
        return file;
    }

    private static ListUploadException Refused() =>
        new(Antiforgery.FormField, "The form's security token is missing or out of date: reload the page and send the file again.", StatusCodes.Status400BadRequest);

    private static async Task ValidateAsync(HttpContext context, IAntiforgery antiforgery)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            throw Refused();
        }
    }

    private static async Task<FileStream> KeepAsync(Stream body, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"aegis-upload-{Guid.NewGuid():N}.tmp");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await body.CopyToAsync(file, 1 << 16, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> ReadTextAsync(Stream body, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, 1024, leaveOpen: true);
        var buffer = new char[MaxFieldLength + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await text.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > MaxFieldLength)
        {
            throw new ListUploadException("form", $"A form field is longer than {MaxFieldLength} characters.", StatusCodes.Status400BadRequest);
        }

        await body.CopyToAsync(Stream.Null, cancellationToken);
        return new string(buffer, 0, length);
    }

    /// <summary>A file must have come, hold something, and be text (a hash list, not an image or an archive).</summary>
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (File is null || (File.Length == 0 && string.IsNullOrEmpty(FileName)))
        {
            throw new ListUploadException(FileField, "Choose a hash-list file to upload.", StatusCodes.Status400BadRequest);
        }

        if (File.Length == 0)
        {
            throw new ListUploadException(FileField, $"{FileName} is empty: there is nothing to import.", StatusCodes.Status400BadRequest);
        }

        var head = new byte[4096];
        var read = await File.ReadAsync(head, cancellationToken);
        File.Position = 0;
        var text = head.AsSpan(0, read);
        if (text is not ([0xFF, 0xFE, ..] or [0xFE, 0xFF, ..]) && text.Contains((byte)0))
        {
            throw new ListUploadException(
                FileField,
                $"{FileName} is not a text file (it holds binary data, as an image or an archive does). Upload a hash list: python-threatexchange text, CSV or JSON lines.",
                StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>The antiforgery names the console uses (ConsoleWeb).</summary>
    public static class Antiforgery
    {
        public const string HeaderName = "RequestVerificationToken";

        public const string FormField = "__RequestVerificationToken";
    }
}
