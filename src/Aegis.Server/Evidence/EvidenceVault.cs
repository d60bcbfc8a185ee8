using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Aegis.Core.Content;
using Aegis.Core.Events;
using Aegis.CyberTip.Evidence;
using Aegis.Hashing.Memory;
using Aegis.Server.Cases;
using Aegis.Server.Webhooks;
using Aegis.Storage;

namespace Aegis.Server.Evidence;

/// <summary>
/// The evidence vault on a node (18 U.S.C. §2258A): seals an item's bytes and metadata (<see cref="EvidenceCipher"/>, the
/// node's <see cref="KeyRing"/>) and stores them (<see cref="EvidenceStore"/>); reads them back checked and audited;
/// holds, releases, extends and purges; re-wraps after a key rotation. The one way into the vault for the API, the gate,
/// the workers and the CyberTipline saga. Every write's events are in its own transaction; this wakes their delivery.
/// </summary>
internal sealed class EvidenceVault(EvidenceStore store, KeyRing ring, TimeProvider time, WebhookDelivery? hooks = null, AuditSealer? sealer = null)
{
    /// <summary>Re-wrapped a batch at a time.</summary>
    private const int RewrapBatch = 500;

    public KeyRing Keys => ring;

    /// <summary>Webhooks written by the store directly (an item declared missing) go out now.</summary>
    public void WakeDelivery()
    {
        hooks?.Wake();
        sealer?.Wake();
    }

    /// <summary>A case's items in the vault.</summary>
    public Task<IReadOnlyList<EvidenceItem>> ListAsync(long caseId, CancellationToken cancellationToken) => store.ListAsync(caseId, cancellationToken);

    public Task<EvidenceItem?> GetAsync(long evidenceId, CancellationToken cancellationToken) => store.GetAsync(evidenceId, cancellationToken);

    /// <summary>
    /// The gate's bytes of an upload it blocked or held, for the case it opened: encrypted in place (the buffer holds
    /// ciphertext afterwards; the gate is done with it) and stored, within the gate's own memory.
    /// </summary>
    /// <param name="caseId">The case the gate opened.</param>
    /// <param name="contentRowId">The upload's record.</param>
    /// <param name="bytes">The upload, encrypted in place.</param>
    /// <param name="mediaType">Its media type, if the platform said.</param>
    /// <param name="digests">The MD5 and SHA-256 the gate computed of these bytes as they arrived (not computed again).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<EvidenceItem?> PreserveAtGateAsync(long caseId, long contentRowId, Memory<byte> bytes, string? mediaType, EvidenceDigests? digests, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(caseId, contentRowId, cancellationToken) is not { } evidenceId)
        {
            return null;
        }

        return (await PreserveAsync(evidenceId, bytes, MediaTypes.Of(mediaType, bytes.Span), "gate", DomainEvent.System, EvidenceExtras.None, [], cancellationToken, digests)).Item;
    }

    /// <summary>
    /// The platform's upload of an item of a case. Idempotent: the same bytes again answer the item as preserved (false);
    /// other bytes for a preserved item are refused (<see cref="BankStoreError.Conflict"/>).
    /// </summary>
    /// <returns>The item, and true when this call preserved it.</returns>
    public async Task<(EvidenceItem Item, bool Created)> UploadAsync(
        long caseId, string contentId, Memory<byte> bytes, string? mediaType, EvidenceExtras extras, string actor, CancellationToken cancellationToken)
    {
        var item = await store.ForUploadAsync(caseId, contentId, cancellationToken);
        var (outcome, preserved) = await PreserveAsync(item.Id, bytes, MediaTypes.Of(mediaType, bytes.Span), "upload", actor, extras, extras.Url is { } url ? [url] : [], cancellationToken);
        return (preserved, outcome == PreserveOutcome.Preserved);
    }

    /// <summary>Bytes fetched from the platform for an item (the fetch worker).</summary>
    public async Task<EvidenceItem> PreserveFetchedAsync(long evidenceId, ReadOnlyMemory<byte> bytes, string? mediaType, string url, CancellationToken cancellationToken) =>
        (await PreserveAsync(evidenceId, MemoryMarshal.AsMemory(bytes), MediaTypes.Of(mediaType, bytes.Span), "fetch", DomainEvent.System, EvidenceExtras.None, [url], cancellationToken)).Item;

    /// <summary>
    /// Reads an item's bytes and metadata: ciphertext, GCM tags and the SHA-256 checked, and the read audited
    /// (<c>evidence.viewed</c> with <paramref name="actor"/> and <paramref name="purpose"/>) before anything is returned.
    /// A failed check is audited (<c>evidence.integrity_failed</c>) and thrown; no byte of such an item is returned.
    /// </summary>
    /// <exception cref="BankStoreException">No such item, or it is not preserved.</exception>
    /// <exception cref="EvidenceIntegrityException">The stored item was altered.</exception>
    /// <exception cref="EvidenceKeyException">Its master key is not configured.</exception>
    public async Task<EvidenceContent> ReadAsync(long evidenceId, string actor, string purpose, CancellationToken cancellationToken)
    {
        var sealedItem = await store.GetSealedAsync(evidenceId, cancellationToken);
        if (sealedItem is null)
        {
            throw await store.GetAsync(evidenceId, cancellationToken) is { } pending
                ? new BankStoreException(BankStoreError.Conflict, $"Evidence {evidenceId} is not preserved ({pending.State.ToString().ToLowerInvariant()}): there are no bytes to read yet.")
                : new BankStoreException(BankStoreError.NotFound, $"There is no evidence {evidenceId}.");
        }

        var (item, envelope) = (sealedItem.Item, sealedItem.Envelope);
        var size = (int)(item.Size ?? 0);
        var buffer = new RentedBuffer<byte>(Math.Max(size, 1));
        try
        {
            var stored = await store.ReadCiphertextAsync(evidenceId, buffer.Memory[..size], cancellationToken);
            if (stored != size)
            {
                throw new EvidenceIntegrityException(stored < 0
                    ? $"Evidence {evidenceId}: its ciphertext is gone from storage."
                    : $"Evidence {evidenceId}: {stored} bytes of ciphertext are stored; {size} were preserved.");
            }

            var metadata = EvidenceCipher.Open(ring, evidenceId, Sealed(envelope), buffer.Span[..size]);
            await store.RecordViewAsync(item, actor, purpose, cancellationToken);
            sealer?.Wake();
            return new EvidenceContent(item, metadata, buffer);
        }
        catch (EvidenceIntegrityException e)
        {
            buffer.Span.Clear();
            buffer.Dispose();
            await store.RecordIntegrityFailureAsync(item, actor, e.Message, CancellationToken.None);
            sealer?.Wake();
            throw;
        }
        catch
        {
            buffer.Span.Clear();
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>An item's metadata alone (decrypted, not audited as a view of the bytes), or null when not preserved.</summary>
    public async Task<EvidenceMetadata?> MetadataAsync(long evidenceId, CancellationToken cancellationToken) =>
        await store.GetSealedAsync(evidenceId, cancellationToken) is { } s ? EvidenceCipher.OpenMetadata(ring, evidenceId, Sealed(s.Envelope)) : null;

    /// <summary>Extends retention (the CyberTipline saga: a year from NCMEC's report); never shortens it; audited.</summary>
    public async Task<IReadOnlyList<EvidenceItem>> ExtendRetentionAsync(
        IReadOnlyCollection<long> evidenceIds, DateTimeOffset until, string reason, string actor, CancellationToken cancellationToken)
    {
        var items = await store.ExtendRetentionAsync(evidenceIds, until, reason, actor, cancellationToken);
        sealer?.Wake();
        return items;
    }

    public async Task<EvidenceItem> HoldAsync(long evidenceId, string reason, string actor, CancellationToken cancellationToken)
    {
        var item = await store.HoldAsync(evidenceId, reason, actor, cancellationToken);
        sealer?.Wake();
        return item;
    }

    public async Task<EvidenceItem> ReleaseAsync(long evidenceId, string reason, string actor, CancellationToken cancellationToken)
    {
        var item = await store.ReleaseAsync(evidenceId, reason, actor, cancellationToken);
        sealer?.Wake();
        return item;
    }

    /// <summary>Deletes everything past its retention with no hold; returns how many.</summary>
    public async Task<int> PurgeAsync(string actor, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await store.PurgeAsync(RewrapBatch, actor, cancellationToken);
            total += deleted;
        }
        while (deleted == RewrapBatch);

        if (total > 0)
        {
            sealer?.Wake();
        }

        return total;
    }

    /// <summary>
    /// Re-wraps every item's data key under the current key (the ciphertexts are not touched); items whose key is not
    /// configured are left and counted.
    /// </summary>
    public async Task<(int Rewrapped, int Unreadable)> RewrapAsync(CancellationToken cancellationToken)
    {
        var (rewrapped, unreadable) = (0, new HashSet<long>());
        while (true)
        {
            var batch = (await store.ReadToRewrapAsync(ring.CurrentKeyId, RewrapBatch + unreadable.Count, cancellationToken)).Where(s => !unreadable.Contains(s.Item.Id)).ToList();
            if (batch.Count == 0)
            {
                return (rewrapped, unreadable.Count);
            }

            foreach (var s in batch)
            {
                try
                {
                    var wrapped = EvidenceCipher.Rewrap(ring, s.Item.Id, Sealed(s.Envelope));
                    if (await store.ReplaceWrappedKeyAsync(s.Item.Id, s.Envelope.KeyId, wrapped.KeyId, wrapped.WrappedKey, cancellationToken))
                    {
                        rewrapped++;
                    }
                }
                catch (Exception e) when (e is EvidenceKeyException or EvidenceIntegrityException)
                {
                    unreadable.Add(s.Item.Id);
                }
            }
        }
    }

    /// <summary>Items per master key, and which keys are configured: a key with no items may be removed.</summary>
    public async Task<EvidenceKeysView> KeysAsync(CancellationToken cancellationToken)
    {
        var counts = (await store.KeyCountsAsync(cancellationToken)).ToDictionary(c => c.KeyId, c => c.Items, StringComparer.Ordinal);
        var ids = counts.Keys.Union(ring.KeyIds, StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal);
        return new EvidenceKeysView(ring.CurrentKeyId, [.. ids.Select(id => new EvidenceKeyView(id, counts.GetValueOrDefault(id), ring.Contains(id), id == ring.CurrentKeyId))]);
    }

    /// <summary>
    /// Seals and stores; if the item was preserved already (before, or by a racing writer), compares: the same bytes are
    /// the same item, others a conflict.
    /// </summary>
    private async Task<(PreserveOutcome Outcome, EvidenceItem Item)> PreserveAsync(
        long evidenceId, Memory<byte> bytes, string mediaType, string source, string actor, EvidenceExtras extras, IReadOnlyList<string> urls, CancellationToken cancellationToken,
        EvidenceDigests? digests = null)
    {
        if (await MetadataAsync(evidenceId, cancellationToken) is { } existing)
        {
            var sha256 = digests?.Sha256 ?? Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
            return (PreserveOutcome.AlreadyPreserved, Same(evidenceId, existing, sha256, await store.GetAsync(evidenceId, cancellationToken)));
        }

        var facts = await store.FactsAsync(evidenceId, cancellationToken);
        var (sealedItem, metadata) = EvidenceCipher.Seal(ring, evidenceId, bytes.Span, Metadata(time.GetUtcNow(), facts, mediaType, source, extras, urls), digests);
        var (outcome, item) = await store.PreserveAsync(evidenceId, Envelope(sealedItem), bytes, mediaType, source, actor, cancellationToken);
        if (outcome == PreserveOutcome.AlreadyPreserved)
        {
            return (outcome, Same(evidenceId, (await MetadataAsync(evidenceId, cancellationToken))!, metadata.Sha256, item));
        }

        hooks?.Wake();
        sealer?.Wake();
        return (outcome, item);
    }

    private static EvidenceItem Same(long evidenceId, EvidenceMetadata existing, string sha256, EvidenceItem? item) =>
        existing.Sha256 == sha256 && item is not null
            ? item
            : throw new BankStoreException(BankStoreError.Conflict, $"Evidence {evidenceId} is preserved already with other bytes (SHA-256 differs); preserved evidence is never replaced.");

    private static EvidenceMetadata Metadata(DateTimeOffset preservedAt, EvidenceFacts facts, string mediaType, string source, EvidenceExtras extras, IReadOnlyList<string> urls)
    {
        var c = facts.Content;
        return new EvidenceMetadata
        {
            CaseId = facts.CaseId,
            ContentId = c.ContentId,
            Kind = c.Kind switch { MediaKind.Image => "image", MediaKind.Video => "video", _ => "unknown" },
            MediaType = mediaType,
            Source = source,
            PreservedAt = preservedAt,
            Pdq = c.Pdq,
            PdqQuality = c.PdqQuality,
            RecordedMd5 = c.Md5,
            RecordedSha256 = c.Sha256,
            Vpdq = c.Vpdq,
            UploadedAt = c.UploadedAt ?? extras.UploadedAt,
            UploaderId = c.UploaderId ?? extras.UploaderId,
            UploaderIp = c.UploaderIp ?? extras.UploaderIp,
            Urls = urls,
            FileName = extras.FileName,
            Reports = [.. facts.Reports.Select(r => new EvidenceReport(r.ReceivedAt, Snake(r.Category.ToString()), Snake(r.Source.ToString()), r.ReporterId, r.Text))],
            Matches = [.. facts.Matches.Select(m => new EvidenceMatch(m.Bank, m.EntryId, m.Signal, m.Distance))],
        };
    }

    private static string Snake(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static SealedEvidence Sealed(EvidenceEnvelope e) => new(e.KeyId, e.WrappedKey, e.ContentNonce, e.ContentTag, e.Metadata);

    private static EvidenceEnvelope Envelope(SealedEvidence s) => new(s.KeyId, s.WrappedKey, s.ContentNonce, s.ContentTag, s.Metadata);
}

/// <summary>The vault's keys: the current one, and for each key the items wrapped under it and whether it is configured.</summary>
internal sealed record EvidenceKeysView(string CurrentKey, IReadOnlyList<EvidenceKeyView> Keys);

/// <summary>One master key: items wrapped under it, whether this node has it, whether it is current.</summary>
internal sealed record EvidenceKeyView(string KeyId, int Items, bool Configured, bool Current);
