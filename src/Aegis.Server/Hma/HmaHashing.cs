using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>HMA's hasher role: <c>GET /h/hash?url=…</c> and <c>POST /h/hash</c> (multipart, field = content type).</summary>
internal sealed class HmaHashing(HmaMedia media)
{
    /// <summary>Fetches the URL and answers its signals, e.g. <c>{"pdq": "…"}</c>.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var validation = new HmaValidation("HashRequest");
        var url = validation.String(HmaValidation.Query(request), "url", required: true);
        validation.ThrowIfInvalid();
        return HmaJson.Json(HmaJson.Signals(
            await media.HashUrlAsync(url!, HmaParse.Query(request, "content_type"), HmaParse.Query(request, "types"), cancellationToken)));
    }

    /// <summary>Hashes the uploaded file and answers its signals.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await HmaMedia.ReadFormAsync(request, cancellationToken);
        var upload = await HmaMedia.FromFormAsync(form, cancellationToken);
        return HmaJson.Json(HmaJson.Signals(await media.HashAsync(upload, HmaParse.Query(request, "types"), cancellationToken)));
    }
}
