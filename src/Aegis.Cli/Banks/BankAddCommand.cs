using System.CommandLine;
using System.Globalization;
using Aegis.Cli.Files;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Matching.Video;
using Aegis.Storage;

namespace Aegis.Cli.Banks;

/// <summary>
/// <c>aegis bank add NAME PATH...</c>: hashes files and adds their hashes to a bank: an image's PDQ, MD5 and SHA-256;
/// a video's vPDQ (every frame, near-duplicates within a second folded), MD5 and SHA-256. One line an entry; exit 1
/// when a file could not be hashed (the others are still added).
/// </summary>
internal static class BankAddCommand
{
    public static Command Create()
    {
        var name = BankCommand.NameArgument();
        var paths = new Argument<string[]>("path") { Description = "Image or video files, or folders (recursively).", Arity = ArgumentArity.OneOrMore };
        var secondsPerHash = new Option<double>("--seconds-per-hash") { Description = "Videos: hash one frame every this many seconds; 0 (default) hashes every frame, so a clip cut anywhere finds its frames.", DefaultValueFactory = _ => 0 };
        var fold = new Option<int>("--fold") { Description = $"Videos: drop a frame within this PDQ distance of one kept in the same second (default {VpdqFolder.DefaultDistance}; -1 keeps every frame).", DefaultValueFactory = _ => VpdqFolder.DefaultDistance };
        var list = new Option<string?>("--list") { Description = "The list the entries are recorded as coming from." };
        var category = new Option<string?>("--category") { Description = "A category label for the entries." };
        var store = new StoreOptions();
        var command = new Command("add", "Hash files and add their hashes to a bank (images: PDQ, MD5, SHA-256; videos: vPDQ, MD5, SHA-256).")
        {
            name, paths, secondsPerHash, fold, list, category,
        };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var bank = parse.GetRequiredValue(name);
            if (await banks.GetBankAsync(bank, ct) is null)
            {
                throw new BankStoreException(BankStoreError.NotFound, $"There is no bank named '{bank}'.");
            }

            var seconds = parse.GetValue(secondsPerHash);
            var foldDistance = parse.GetValue(fold);
            if (!double.IsFinite(seconds) || seconds < 0)
            {
                throw new BankStoreException(BankStoreError.Invalid, $"--seconds-per-hash is 0 or more; got {seconds.ToString(CultureInfo.InvariantCulture)}.");
            }

            var videos = new VideoHasher(new VideoOptions { SecondsPerHash = seconds });
            var hasher = new ImageFileHasher(ImageLimits.Default);
            var failed = 0;
            foreach (var target in FileEnumerator.Expand(parse.GetRequiredValue(paths), ct))
            {
                var media = FileBatch.TryHash(hasher, videos, target, dihedral: false);
                if (media.Digests is not { } digests)
                {
                    failed++;
                    await error.WriteLineAsync($"aegis bank add: {target.Path}: {media.Error}");
                    continue;
                }

                var hashes = new List<(SignalType Type, string Value)>();
                if (media.Video is { } video)
                {
                    var features = foldDistance < 0 ? video.Features : VpdqFolder.Fold(video.Features, foldDistance);
                    if (features.Count > 0)
                    {
                        hashes.Add((SignalType.Vpdq, VpdqSignal.SerializeCanonical(features)));
                    }
                }
                else if (media.Image is { } image)
                {
                    hashes.Add((SignalType.Pdq, image.Pdq.Hash.ToString()));
                }

                hashes.Add((SignalType.Md5, digests.Md5.ToString()));
                hashes.Add((SignalType.Sha256, digests.Sha256.ToString()));
                foreach (var (type, value) in hashes)
                {
                    var record = new HashListRecord(type, value, null, parse.GetValue(category), parse.GetValue(list), null, null);
                    var entry = await banks.AddEntryAsync(bank, record, Environment.UserName, ct);
                    await output.WriteLineAsync($"{target.Path}\t{EntryText.Type(entry)}\t{entry.Id}\t{EntryText.Short(entry)}");
                }
            }

            return failed > 0 ? AegisCli.SomeFailed : AegisCli.Success;
        });
        return command;
    }
}
