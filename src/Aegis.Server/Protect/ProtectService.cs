using System.Text;
using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Protect;
using Aegis.CyberTip.Evidence;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Server.Cases;
using Aegis.Server.Gate;
using Aegis.Server.Hosting;
using Aegis.Server.Matching;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Protect;

/// <summary>
/// The protect page's work on a node: a submission's hashes banked (so every node's gate holds a matching upload from
/// its commit), everything already up that matches found across the content index, restricted and gathered into one
/// case at the person shown's priority before the answer returns; receipts read and withdrawn.
/// </summary>
internal sealed class ProtectService(
    ProtectStore store, CaseStore cases, CaseService caseService, ContentStore contents, CopyFinder copyFinder, MatcherHost host,
    ServerOptions options, Func<KeyRing> keys)
{
    /// <summary>The bank submitted hashes go in: its matches are held for review.</summary>
    public const string Bank = "self-submitted";

    /// <summary>With <see cref="ProtectOptions.ExactDigestsBlock"/>: the bank submitted files' digests go in, which blocks.</summary>
    public const string ExactBank = "self-submitted-exact";

    private ProtectLimits Limits => new(options.Protect.MaxFiles, options.Protect.MaxFramesPerVideo, options.Protect.MinQuality);

    /// <summary>
    /// A submission: checked, banked, and what already matches restricted. Throws <see cref="GateException"/> (400, 413)
    /// for a submission that cannot be taken.
    /// </summary>
    public async Task<ProtectSubmissionAnswer> SubmitAsync(ProtectSubmissionRequest request, CancellationToken cancellationToken)
    {
        var statement = ProtectRules.Parse(request.Statement)
            ?? throw new GateException(StatusCodes.Status400BadRequest, "Statement needed", "statement: choose what is true: self_minor, guardian or self_adult.");
        var files = Files(request.Files);
        var contact = string.IsNullOrWhiteSpace(request.Contact) ? null : request.Contact.Trim();
        var plan = ProtectRules.Plan(files, contact, Limits, out var refusal, out var tooLarge)
            ?? throw new GateException(tooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest, tooLarge ? "Too much at once" : "Bad submission", refusal!);

        await store.EnsureBanksAsync(
        [
            (Bank, BankAction.Hold, "Hashes people submitted of their own pictures through the protect page: matches are held for review."),
            .. options.Protect.ExactDigestsBlock
                ? [(ExactBank, BankAction.Block, "Exact digests of files people submitted through the protect page: copies are blocked.")]
                : Array.Empty<(string, BankAction, string)>(),
        ], cancellationToken);
        var exactBank = options.Protect.ExactDigestsBlock ? ExactBank : Bank;
        var hashes = new List<(string Bank, SignalType Type, string Value)>();
        hashes.AddRange(plan.Pdq.Select(h => (Bank, SignalType.Pdq, h)));
        hashes.AddRange(plan.Md5.Select(h => (exactBank, SignalType.Md5, h)));
        hashes.AddRange(plan.Sha256.Select(h => (exactBank, SignalType.Sha256, h)));
        var videos = plan.Videos.Select(Signal).ToList();
        hashes.AddRange(videos.Select(v => (Bank, SignalType.Vpdq, v)));

        var receipt = ProtectReceipt.New();
        var key = ProtectReceipt.Key(receipt)!;
        var sealedContact = contact is null ? ((string, byte[])?)null : SecretSeal.Seal(keys(), "protect-contact", Encoding.UTF8.GetBytes(contact));
        var submissionId = await store.SubmitAsync(new ProtectNew(key, statement, sealedContact, files.Count, hashes), cancellationToken);

        // From here every node holds a matching upload. What is already up is found across every partition (each holder
        // catching up first, so every item committed before now is found), then restricted in one report.
        await host.CatchUpNowAsync(cancellationToken);
        var searches = new List<(ContentRecord Query, (string Bank, SignalType Type, string Value)? Entry)>();
        searches.AddRange(plan.Pdq.Select(h => (Query(pdq: h), ((string, SignalType, string)?)(Bank, SignalType.Pdq, h))));
        searches.AddRange(plan.Videos.SelectMany(v => v).Select(f => f.Hash).Distinct(StringComparer.Ordinal).Except(plan.Pdq)
            .Select(h => (Query(pdq: h), ((string, SignalType, string)?)null)));
        searches.AddRange(plan.Md5.Select(h => (Query(md5: h), ((string, SignalType, string)?)(exactBank, SignalType.Md5, h))));
        searches.AddRange(plan.Sha256.Select(h => (Query(sha256: h), ((string, SignalType, string)?)(exactBank, SignalType.Sha256, h))));
        searches.AddRange(videos.Select(v => (Query(vpdq: v), ((string, SignalType, string)?)(Bank, SignalType.Vpdq, v))));
        var found = await copyFinder.FindAsync([.. searches.Select(s => (0L, s.Query))], cancellationToken);

        var distances = new Dictionary<long, int>();
        var quarantined = false;
        for (var i = 0; i < searches.Count; i++)
        {
            var hits = found.Copies[i];
            if (hits.Count > options.Protect.MaxMatchesPerHash)
            {
                // Far more than one person's pictures: a flat picture, a meme, or someone aiming at what is not theirs.
                if (searches[i].Entry is { } entry)
                {
                    await store.QuarantineAsync(submissionId, entry.Bank, entry.Type, entry.Value, hits.Count, cancellationToken);
                    quarantined = true;
                }

                continue;
            }

            foreach (var hit in hits)
            {
                distances[hit.Row] = distances.TryGetValue(hit.Row, out var d) ? Math.Min(d, hit.Distance) : hit.Distance;
            }
        }

        if (quarantined)
        {
            await host.CatchUpNowAsync(cancellationToken); // a hash set aside holds nothing on this node from the answer on
        }

        if (distances.Count == 0)
        {
            await store.NothingFoundAsync(submissionId, cancellationToken);
        }
        else
        {
            var ids = await contents.ContentIdsAsync([.. distances.Keys], cancellationToken);
            var root = distances.Keys.Where(ids.ContainsKey).Min();
            var copies = distances.Where(d => d.Key != root && ids.ContainsKey(d.Key)).Select(d => (d.Key, d.Value)).ToList();
            await caseService.ReportAsync(new ReportWrite(
                ProtectRules.Intake(statement, ids[root]),
                "protect-page",
                new Dictionary<string, IReadOnlyCollection<(long RowId, int Distance)>>(StringComparer.Ordinal) { [ids[root]] = copies },
                new ProtectFound(submissionId, [.. distances.Keys.Where(ids.ContainsKey)], files.Count, hashes.Count)), cancellationToken);
        }

        var standing = await store.StandingAsync(key, cancellationToken);
        return new ProtectSubmissionAnswer(
            receipt,
            "/protect/receipt#" + receipt,
            [.. plan.Files.Select(f => new ProtectFileAnswer(f.Index, true, f.Note))],
            standing?.Found ?? 0,
            standing?.Restricted ?? 0,
            standing?.HeldForReview ?? 0);
    }

    /// <summary>What a receipt shows, or null for no such receipt.</summary>
    public async Task<ProtectReceiptAnswer?> ReceiptAsync(string receiptKey, CancellationToken cancellationToken) =>
        await store.StandingAsync(receiptKey, cancellationToken) is { } s
            ? new ProtectReceiptAnswer(s.SubmittedAt, s.Statement, s.Files, s.Hashes, s.Found, s.Restricted, s.HeldForReview, s.Removed, s.UnderReview, s.WithdrawnAt)
            : null;

    /// <summary>Withdraws a submission; its hashes stop matching on this node before this returns.</summary>
    public async Task<ProtectWithdrawal?> WithdrawAsync(string receiptKey, CancellationToken cancellationToken)
    {
        var done = await cases.WithdrawAsync(receiptKey, cancellationToken);
        if (done is { AlreadyWithdrawn: false })
        {
            caseService.Notify();
            await host.CatchUpNowAsync(cancellationToken);
        }

        return done;
    }

    private static List<ProtectFile> Files(IReadOnlyList<ProtectFileRequest?>? files)
    {
        if (files is null)
        {
            return [];
        }

        var list = new List<ProtectFile>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var f = files[i] ?? throw new GateException(StatusCodes.Status400BadRequest, "Bad submission", $"files[{i}]: missing.");
            var video = f.Kind switch
            {
                "image" => false,
                "video" => true,
                _ => throw new GateException(StatusCodes.Status400BadRequest, "Bad submission", $"files[{i}].kind: image or video."),
            };
            list.Add(new ProtectFile(video, f.Md5 ?? "", f.Sha256 ?? "", [.. (f.Pdq ?? []).Select(p => p is null ? null! : new ProtectHash(p.Hash ?? "", p.Quality, p.Second))]));
        }

        return list;
    }

    private static string Signal(IReadOnlyList<ProtectHash> frames) =>
        VpdqSignal.SerializeCanonical(frames.Select(f => new VpdqFeature(PdqHash.Parse(f.Hash), f.Second!.Value, f.Quality, f.Second!.Value)));

    private static ContentRecord Query(string? pdq = null, string? md5 = null, string? sha256 = null, string? vpdq = null) =>
        new("protect-query", vpdq is null ? MediaKind.Image : MediaKind.Video, null, null, null, null, pdq, null, md5, sha256, vpdq, Verdict.Allow);
}
