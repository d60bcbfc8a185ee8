using System.Globalization;
using System.Security.Claims;
using Aegis.Core.Input;
using Aegis.Hashing.Memory;
using Aegis.Server.Auth;
using Aegis.Server.Evidence;
using Aegis.Server.Gate;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Aegis.Server.Api;

/// <summary>The evidence vault: a case's preserved items, the platform's uploads, reading the bytes (audited), holds, purge and keys.</summary>
internal static class EvidenceApi
{
    /// <summary>What a reviewer's read of the bytes is audited as.</summary>
    public const string ReviewPurpose = "review";

    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cases/{id:long}/evidence", ListAsync)
            .RequireAuthorization(Roles.Reviewer).WithTags("Evidence").CaseProblems()
            .WithSummary("The case's items in the evidence vault: state (preserved, fetching, missing), media type, size, when preserved, retained until, any hold. No bytes; not decrypted.");
        app.MapPut("/v1/cases/{id:long}/evidence/{contentId}", UploadAsync)
            .RequireAuthorization(Roles.Platform).WithTags("Evidence").CaseProblems().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("The platform uploads an item's bytes for its case (body: the bytes, any content type, kept as the media type; query uploader_id, uploader_ip, uploaded_at, url, file_name fill what the gate never recorded). 201 preserved; the same bytes again 200; other bytes for a preserved item 409.");
        var evidence = app.MapGroup("/v1/evidence").WithTags("Evidence").CaseProblems();
        evidence.MapGet("/{id:long}/content", ContentAsync).RequireAuthorization(Roles.Reviewer)
            .WithSummary("An item's preserved bytes, with its media type: decrypted and checked (GCM tags and SHA-256), and audited as evidence.viewed before they are sent. A failed check is 409 and audited as evidence.integrity_failed.");
        evidence.MapPost("/{id:long}/hold", (long id, [FromBody] EvidenceReasonRequest r, HttpContext c, EvidenceVault v, CancellationToken ct) => OkAsync(v.HoldAsync(id, r.Reason ?? "", Actor(c), ct)))
            .RequireAuthorization(Roles.Admin).WithSummary("Put a legal hold on an item (a reason is required): it is kept whatever its retention until released. Audited as evidence.held.");
        evidence.MapPost("/{id:long}/release", (long id, [FromBody] EvidenceReasonRequest r, HttpContext c, EvidenceVault v, CancellationToken ct) => OkAsync(v.ReleaseAsync(id, r.Reason ?? "", Actor(c), ct)))
            .RequireAuthorization(Roles.Admin).WithSummary("Lift an item's legal hold (a reason is required); audited as evidence.released.");
        evidence.MapPost("/purge", async (HttpContext c, EvidenceVault v, CancellationToken ct) => TypedResults.Ok(new EvidencePurged(await v.PurgeAsync(Actor(c), ct))))
            .RequireAuthorization(Roles.Admin).WithSummary("Delete now every item past its retention with no hold (each audited as evidence.deleted); a worker does this every Evidence:PurgeIntervalMinutes.");
        evidence.MapGet("/keys", async (EvidenceVault v, CancellationToken ct) => TypedResults.Ok(await v.KeysAsync(ct)))
            .RequireAuthorization(Roles.Admin).WithSummary("The master keys: the current one, and per key the items wrapped under it and whether this node has it (a key with no items may be removed).");
        evidence.MapPost("/rewrap", async (EvidenceVault v, CancellationToken ct) =>
            {
                var (rewrapped, unreadable) = await v.RewrapAsync(ct);
                return TypedResults.Ok(new EvidenceRewrapped(rewrapped, unreadable));
            })
            .RequireAuthorization(Roles.Admin).WithSummary("Re-wrap every item's data key under Evidence:CurrentKey now (the ciphertexts are not touched); a worker also does this every minute.");
        return app;
    }

    private static async Task<Ok<EvidenceItem>> OkAsync(Task<EvidenceItem> item) => TypedResults.Ok(await item);

    private static async Task<Ok<EvidenceList>> ListAsync(long id, EvidenceVault vault, CancellationToken cancellationToken) =>
        TypedResults.Ok(new EvidenceList(id, await vault.ListAsync(id, cancellationToken)));

    private static async Task<Results<Created<EvidenceItem>, Ok<EvidenceItem>>> UploadAsync(
        long id, string contentId, HttpRequest request, HttpContext context, EvidenceVault vault, ServerOptions options, CancellationToken cancellationToken)
    {
        var extras = Extras(request.Query);
        var limit = options.Evidence.MaxBytes;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        using var buffer = await ReadAsync(request.Body, request.ContentLength, limit, cancellationToken);
        if (buffer.Length == 0)
        {
            throw new GateException(StatusCodes.Status400BadRequest, "Empty upload", "The request has no bytes: send the item's bytes as the body.");
        }

        var (item, created) = await vault.UploadAsync(id, contentId, buffer.Memory[..buffer.Length], request.ContentType, extras, Actor(context), cancellationToken);
        return created ? TypedResults.Created($"/v1/cases/{id}/evidence", item) : TypedResults.Ok(item);
    }

    /// <summary>The bytes, once checked and audited; the buffer is cleared and freed when the answer is sent.</summary>
    private static async Task<FileContentHttpResult> ContentAsync(long id, HttpContext context, EvidenceVault vault, CancellationToken cancellationToken)
    {
        var content = await vault.ReadAsync(id, Actor(context), ReviewPurpose, cancellationToken);
        context.Response.RegisterForDispose(content);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        context.Response.Headers["Aegis-Evidence-Sha256"] = content.Metadata.Sha256;
        return TypedResults.Bytes(content.Bytes, content.Metadata.MediaType, $"evidence-{id}");
    }

    private static EvidenceExtras Extras(IQueryCollection query)
    {
        string? Text(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
        var invalid = Identifier.ValidateOptional("uploader_id", Text("uploader_id"))
            ?? Identifier.ValidateOptional("uploader_ip", Text("uploader_ip"), ContentStore.MaxIpLength)
            ?? Identifier.ValidateOptional("file_name", Text("file_name"))
            ?? FreeText.Validate("url", Text("url"), 2048);
        if (invalid is not null)
        {
            throw new GateException(StatusCodes.Status400BadRequest, "Invalid field", invalid);
        }

        if (Text("url") is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw new GateException(StatusCodes.Status400BadRequest, "Bad url", $"url must be an http:// or https:// URL; got '{(url.Length > 80 ? url[..80] + "…" : url)}'.");
        }

        DateTimeOffset? uploadedAt = null;
        if (Text("uploaded_at") is { } at)
        {
            uploadedAt = DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new GateException(StatusCodes.Status400BadRequest, "Bad uploaded_at", $"uploaded_at must be an ISO 8601 time such as 2026-11-25T10:00:00Z; got '{(at.Length > 80 ? at[..80] + "…" : at)}'.");
        }

        return new EvidenceExtras(Text("uploader_id"), Text("uploader_ip"), uploadedAt, Text("url"), Text("file_name"));
    }

    /// <summary>The body in a rented buffer (the caller disposes it), refused past <paramref name="limit"/> bytes.</summary>
    private static async Task<SizedBuffer> ReadAsync(Stream body, long? declared, long limit, CancellationToken cancellationToken)
    {
        var buffer = new RentedBuffer<byte>((int)Math.Clamp((declared ?? 0) + 1, 64 * 1024, Math.Min(limit + 1, 64L * 1024 * 1024)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        throw TooLarge(limit);
                    }

                    var larger = new RentedBuffer<byte>((int)Math.Min(limit + 1, 2L * buffer.Length));
                    buffer.Span[..length].CopyTo(larger.Span);
                    buffer.Dispose();
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.Memory[length..], cancellationToken);
                if (read == 0)
                {
                    return new SizedBuffer(buffer, length);
                }

                length += read;
                if (length > limit)
                {
                    throw TooLarge(limit);
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private static GateException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "Too large", $"An evidence upload is at most {limit} bytes (Evidence:MaxBytes).");

    private static string Actor(HttpContext context) => context.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";

    /// <summary>A rented buffer and how much of it is filled.</summary>
    private sealed class SizedBuffer(RentedBuffer<byte> buffer, int length) : IDisposable
    {
        public int Length { get; } = length;

        public Memory<byte> Memory => buffer.Memory;

        public void Dispose()
        {
            buffer.Span[..Length].Clear();
            buffer.Dispose();
        }
    }
}

/// <summary>Why a hold is put or lifted (kept in the audit log).</summary>
internal sealed record EvidenceReasonRequest(string? Reason);

/// <summary>A case's items in the vault.</summary>
internal sealed record EvidenceList(long CaseId, IReadOnlyList<EvidenceItem> Items);

/// <summary>How many items a purge deleted.</summary>
internal sealed record EvidencePurged(int Deleted);

/// <summary>How many items a re-wrap moved to the current key, and how many it could not (their key is not configured).</summary>
internal sealed record EvidenceRewrapped(int Rewrapped, int Unreadable);
