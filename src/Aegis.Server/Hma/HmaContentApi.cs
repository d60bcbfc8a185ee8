using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Matching.Banks;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's bank content: <c>POST /c/bank/&lt;name&gt;/content</c> (URL or upload), <c>POST …/signal</c> (hashes), and
/// <c>GET</c>/<c>PUT</c>/<c>DELETE …/content/&lt;id&gt;</c>. See <see cref="HmaContents"/> for how content maps to entries.
/// </summary>
internal sealed class HmaContentApi(HmaContents contents, HmaBanks banks, HmaMedia media, TimeProvider time)
{
    private static readonly TimeSpan MaxDisable = TimeSpan.FromDays(5 * 365);

    /// <summary>Hashes the media at <c>?url=</c> or the uploaded file and adds its signals: <c>{"id": …, "signals": {…}}</c>.</summary>
    public async Task<IResult> AddContentAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        var bank = await banks.FindAsync(name, $"bank '{name}' not found", cancellationToken);
        var types = HmaParse.Query(request, "types");
        SortedDictionary<string, string> signals;
        HmaMetadata metadata;
        if (HmaParse.Query(request, "url") is { } url)
        {
            var body = await HmaJson.ReadBodyAsync(request, cancellationToken) as JsonObject;
            metadata = HmaMetadata.Read(body?["metadata"], body?["note"]);
            signals = await media.HashUrlAsync(url, HmaParse.Query(request, "content_type"), types, cancellationToken);
        }
        else if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            metadata = HmaMetadata.Read(form);
            signals = await media.HashAsync(await HmaMedia.FromFormAsync(form, cancellationToken), types, cancellationToken);
        }
        else
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "Neither `url` nor multipart file upload was received");
        }

        // Coop sends content_id and content_uri as query parameters with a URL (HMA reads neither there).
        metadata = metadata.WithFields(HmaParse.Query(request, "content_id"), HmaParse.Query(request, "content_uri"));
        return await AddAsync(bank, signals, metadata, request, cancellationToken);
    }

    /// <summary>Adds hashes given as <c>{"pdq": "…", "note": "…"}</c>: <c>{"id": …, "signals": {…}}</c>.</summary>
    public async Task<IResult> AddSignalsAsync(string name, HttpRequest request, CancellationToken cancellationToken)
    {
        var bank = await banks.FindAsync(name, $"bank '{name}' not found", cancellationToken);
        var body = await HmaJson.ReadObjectAsync(request, cancellationToken);
        var metadata = HmaMetadata.Read(body["metadata"], body["note"]);
        var signals = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (type, value) in body.Where(p => p.Key is not ("note" or "metadata")))
        {
            if (HmaSignalTypes.Find(type) is null)
            {
                throw new HmaException(StatusCodes.Status400BadRequest, $"No such signal type {type}");
            }

            signals[type] = value is JsonValue text && text.GetValueKind() == JsonValueKind.String
                ? text.GetValue<string>()
                : throw new HmaException(StatusCodes.Status400BadRequest, $"Invalid {type} signal: not a string");
        }

        return await AddAsync(bank, signals, metadata, request, cancellationToken);
    }

    /// <summary>
    /// <c>GET …/content/&lt;id&gt;</c>: HMA's <c>BankContentResponse</c>. Signals come with <c>include_signals=true</c>
    /// (or, as older HMA, with <c>signal_type=</c>: that type's only); metadata unless <c>include_metadata=false</c>.
    /// </summary>
    public async Task<IResult> GetAsync(string name, string id, HttpRequest request, CancellationToken cancellationToken)
    {
        var bank = await banks.FindAsync(name, $"bank '{name}' not found", cancellationToken);
        var only = HmaParse.Query(request, "signal_type");
        if (only is not null && HmaSignalTypes.Find(only) is null)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, $"No such signal type '{only}'");
        }

        var entries = await FindAsync(bank, id, cancellationToken);
        var signals = only is not null || string.Equals(HmaParse.Query(request, "include_signals"), "true", StringComparison.OrdinalIgnoreCase);

        // As HMA reads it: absent is true, and anything but "true" (in any case) is false.
        var includeMetadata = !request.Query.TryGetValue("include_metadata", out var include) || string.Equals(include[0], "true", StringComparison.OrdinalIgnoreCase);
        var metadata = await contents.MetadataAsync(entries[0], cancellationToken);
        return HmaJson.Json(View(bank, entries, signals ? only ?? "" : null, includeMetadata ? metadata : metadata with { ContentId = null, ContentUri = null, Json = null, Collab = null }));
    }

    /// <summary>
    /// <c>PUT …/content/&lt;id&gt;</c> <c>{"disable_until_ts": 0 | 1, "note": …}</c>: disables (0) or enables (1) the
    /// content, and sets or clears (<c>""</c> or null) its note; answers HMA's <c>BankContentConfig</c>. Aegis cannot
    /// disable until a time: a time already past enables, a future one is refused.
    /// </summary>
    public async Task<IResult> UpdateAsync(string name, string id, HttpRequest request, CancellationToken cancellationToken)
    {
        var bank = await banks.FindAsync(name, $"bank '{name}' not found", cancellationToken);
        var entries = await FindAsync(bank, id, cancellationToken);
        var body = await HmaJson.ReadObjectAsync(request, cancellationToken);
        if (HmaParse.Int(body["disable_until_ts"], "disable_until_ts") is { } until)
        {
            var now = time.GetUtcNow();
            var enabled = until switch
            {
                < 0 => throw new HmaException(StatusCodes.Status400BadRequest, "disable_until_ts must be a non-negative integer"),
                0 => false,
                1 => true,
                _ when until > (now + MaxDisable).ToUnixTimeSeconds() =>
                    throw new HmaException(StatusCodes.Status400BadRequest, "disable_until_ts must be less than 5 years in the future"),
                _ when until <= now.ToUnixTimeSeconds() => true,
                _ => throw new HmaException(
                    StatusCodes.Status400BadRequest,
                    "Aegis cannot disable content until a time: disable_until_ts must be 0 (disabled) or 1 (enabled)"),
            };
            await contents.SetEnabledAsync(entries, enabled, cancellationToken);
            entries = await FindAsync(bank, id, cancellationToken);
        }

        var metadata = body.TryGetPropertyValue("note", out var note)
            ? await contents.SetNoteAsync(entries[0], HmaMetadata.CheckNote(note), cancellationToken)
            : await contents.MetadataAsync(entries[0], cancellationToken);
        return HmaJson.Json(Config(bank, entries[0], metadata));
    }

    /// <summary><c>DELETE …/content/&lt;id&gt;</c>: disables the content's entries; <c>{"deleted": n}</c>, n the entries that were enabled.</summary>
    public async Task<IResult> DeleteAsync(string name, string id, CancellationToken cancellationToken)
    {
        await banks.FindAsync(name, $"bank '{name}' not found", cancellationToken);
        var entries = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var contentId)
            ? await contents.FindAsync(name, contentId, cancellationToken)
            : [];
        return HmaJson.Json(new JsonObject { ["deleted"] = await contents.SetEnabledAsync(entries, false, cancellationToken) });
    }

    private async Task<IResult> AddAsync(
        Bank bank, SortedDictionary<string, string> signals, HmaMetadata metadata, HttpRequest request, CancellationToken cancellationToken)
    {
        if (signals.Count == 0)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "No signals given");
        }

        var values = new Dictionary<SignalType, string>();
        var canonical = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in signals)
        {
            var type = HmaSignalTypes.Require(name);
            values[type] = canonical[name] = HmaSignalTypes.Canonical(type, value, out var reason)
                ?? throw new HmaException(StatusCodes.Status400BadRequest, $"Invalid {name} signal: {reason}");
        }

        var id = await contents.AddAsync(bank.Name, values, metadata, request.HttpContext.User.Identity?.Name, cancellationToken);
        return HmaJson.Json(new JsonObject { ["id"] = id, ["signals"] = HmaJson.Signals(canonical) });
    }

    private async Task<IReadOnlyList<BankEntry>> FindAsync(Bank bank, string id, CancellationToken cancellationToken) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var contentId) &&
        await contents.FindAsync(bank.Name, contentId, cancellationToken) is { Count: > 0 } entries
            ? entries
            : throw new HmaException(StatusCodes.Status404NotFound, $"content '{id}' not found");

    /// <summary>
    /// HMA's <c>BankContentResponse</c>: <c>signals</c> only when asked for, <c>metadata</c> only when there is some (and it
    /// was not turned off), <c>note</c> only when there is one.
    /// </summary>
    private static JsonObject View(Bank bank, IReadOnlyList<BankEntry> entries, string? signals, HmaMetadata metadata)
    {
        var primary = entries[0];
        var view = new JsonObject
        {
            ["bank"] = HmaJson.Bank(bank),
            ["disable_until_ts"] = primary.Enabled ? 1 : 0,
            ["id"] = primary.Id,
        };
        if (metadata.View is { } shown)
        {
            view["metadata"] = shown;
        }

        if (metadata.Note is { } note)
        {
            view["note"] = note;
        }

        view["original_media_uri"] = null;
        if (signals is not null)
        {
            view["signals"] = HmaJson.Signals(entries
                .Select(e => KeyValuePair.Create(HmaSignalTypes.Name(e.Type), e.Value))
                .Where(s => signals.Length == 0 || s.Key == signals)
                .DistinctBy(s => s.Key));
        }

        return view;
    }

    /// <summary>
    /// HMA's answer to <c>PUT …/content/&lt;id&gt;</c>, its stored <c>BankContentConfig</c> as Flask writes a dataclass:
    /// <c>{"bank", "collab_metadata", "disable_until_ts", "id", "note", "original_media_uri", "user_metadata"}</c>.
    /// </summary>
    private static JsonObject Config(Bank bank, BankEntry primary, HmaMetadata metadata) => new()
    {
        ["bank"] = HmaJson.Bank(bank),
        ["collab_metadata"] = metadata.Collab is { } collab ? HmaJson.Sorted(collab) : new JsonObject(),
        ["disable_until_ts"] = primary.Enabled ? 1 : 0,
        ["id"] = primary.Id,
        ["note"] = metadata.Note,
        ["original_media_uri"] = null,
        ["user_metadata"] = metadata.UserMetadata,
    };
}
