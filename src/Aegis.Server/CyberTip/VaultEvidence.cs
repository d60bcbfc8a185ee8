using Aegis.Core.CyberTip;
using Aegis.Core.Evidence;
using Aegis.Server.Evidence;

namespace Aegis.Server.CyberTip;

/// <summary>The evidence vault as a CyberTipline submission sees it: a case's preserved files, their bytes, their retention.</summary>
internal sealed class VaultEvidence(EvidenceVault vault, Hosting.ServerOptions options) : ICyberTipEvidence
{
    public async Task<IReadOnlyList<CyberTipEvidenceFile>> ForCasesAsync(IReadOnlyList<long> caseIds, CancellationToken cancellationToken)
    {
        var files = new List<CyberTipEvidenceFile>();
        foreach (var caseId in caseIds)
        {
            foreach (var item in await vault.ListAsync(caseId, cancellationToken))
            {
                if (item.State != EvidenceState.Preserved)
                {
                    continue;
                }

                // The metadata (file name, where it was served) is decrypted, not the bytes; it is not a view of the item.
                var metadata = await vault.MetadataAsync(item.Id, cancellationToken);
                var name = metadata?.FileName is { Length: > 0 } given ? Path.GetFileName(given) : FileName(item.ContentId, item.MediaType);
                files.Add(new CyberTipEvidenceFile(item.Id, caseId, item.ContentId, name, item.MediaType, metadata?.Urls.FirstOrDefault() ?? Location(item.ContentId)));
            }
        }

        return files;
    }

    public async Task<IReadOnlyList<string>> NotPreservedAsync(IReadOnlyList<long> caseIds, CancellationToken cancellationToken)
    {
        var waiting = new List<string>();
        foreach (var caseId in caseIds)
        {
            waiting.AddRange((await vault.ListAsync(caseId, cancellationToken)).Where(i => i.State != EvidenceState.Preserved).Select(i => i.ContentId));
        }

        return waiting;
    }

    public async Task<byte[]> ReadAsync(long evidenceId, string actor, string purpose, CancellationToken cancellationToken)
    {
        using var content = await vault.ReadAsync(evidenceId, actor, purpose, cancellationToken);
        return content.Bytes.ToArray();
    }

    public Task RetainAsync(IReadOnlyList<long> evidenceIds, DateTimeOffset until, string reason, CancellationToken cancellationToken) =>
        vault.ExtendRetentionAsync(evidenceIds, until, reason, CyberTipDocuments.Actor, cancellationToken);

    /// <summary>Where the platform shows the item, from <c>CyberTip:ContentUrl</c>; null when that is not set.</summary>
    private string? Location(string contentId) =>
        options.CyberTip.ContentUrl is { Length: > 0 } template ? template.Replace("{content_id}", Uri.EscapeDataString(contentId), StringComparison.Ordinal) : null;

    /// <summary>A file name NCMEC can show: the content id made safe, with the media type's extension.</summary>
    private static string FileName(string contentId, string? mediaType)
    {
        var safe = new string([.. contentId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        var extension = mediaType switch
        {
            "image/jpeg" => ".jpg",
            "image/png" => ".png",
            "image/gif" => ".gif",
            "image/webp" => ".webp",
            "video/mp4" => ".mp4",
            "application/json" => ".json",
            { } t when t.StartsWith("text/", StringComparison.Ordinal) => ".txt",
            _ => ".bin",
        };
        return safe + extension;
    }
}
