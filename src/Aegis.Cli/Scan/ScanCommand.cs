using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Aegis.Cli.Files;
using Aegis.Cli.Hash;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Video;
using Aegis.Matching.Banks;
using Aegis.Matching.Matching;
using Aegis.Storage;
using Spectre.Console;

namespace Aegis.Cli.Scan;

/// <summary>
/// <c>aegis scan PATH... [--bank NAME...]</c>: hashes every file and reports every match against
/// the banks (all enabled banks when none is named): images by PDQ and digests, videos by vPDQ and
/// digests. One line a match on stdout; errors and the summary on stderr. Exit code: 0 nothing
/// matched, 1 matches found, 2 errors.
/// </summary>
internal static class ScanCommand
{
    public const int Matched = 1;
    public const int Errors = 2;

    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Files, or folders to scan recursively.", Arity = ArgumentArity.OneOrMore };
        var bankNames = new Option<string[]>("--bank") { Description = "Banks to match (repeatable; default: every enabled bank).", AllowMultipleArgumentsPerToken = true };
        var format = new Option<HashOutputFormat>("--format", "-f") { Description = "tsv (path, bank, entry, distance, type, action; vPDQ matches add rule, query %, candidate %, coverage %; an exchange's entry adds its source, exchange=…;entry_id=…;member=…;category=…) or json.", DefaultValueFactory = _ => HashOutputFormat.Tsv };
        var threads = new Option<int>("--threads") { Description = "Files hashed at once (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var noProgress = new Option<bool>("--no-progress") { Description = "Never show the progress bar." };
        var store = new StoreOptions();
        var command = new Command("scan", "Hash files and report every match against the banks.") { paths, bankNames, format, threads, noProgress };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var load = Stopwatch.StartNew();
            var matcher = await LoadAsync(banks, parse.GetValue(bankNames) ?? [], ct);
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"aegis scan: {matcher.Entries:N0} entries of {matcher.Banks.Count} banks loaded in {load.Elapsed.TotalSeconds:F1} s"));
            var targets = FileEnumerator.Expand(parse.GetRequiredValue(paths), ct);
            var summary = new ScanSummary();
            var json = parse.GetValue(format) == HashOutputFormat.Json;
            var videos = new VideoHasher();
            var sources = new ScanSources(banks);
            FileBatch.Run(
                targets,
                Math.Max(1, parse.GetValue(threads)),
                ImageLimits.Default,
                !parse.GetValue(noProgress),
                (hasher, target) =>
                {
                    var media = FileBatch.TryHash(hasher, videos, target, dihedral: false);
                    return media.Digests is not { } digests
                        ? new ScanLine(target.Path, null, media.Error)
                        : new ScanLine(
                            target.Path,
                            media.Video is { } video
                                ? matcher.Matcher.MatchVideo(video.Features, digests.Md5, digests.Sha256)
                                : matcher.Matcher.Match(media.Image?.Pdq.Hash, digests.Md5, digests.Sha256),
                            null);
                },
                line => Emit(line, json, output, error, summary, sources),
                ct);
            await output.FlushAsync(ct);
            summary.Write(error, targets.Count);
            return summary.Errors > 0 ? Errors : summary.MatchedFiles > 0 ? Matched : AegisCli.Success;
        });
        return command;
    }

    private static async Task<(BankMatcher Matcher, IReadOnlyList<Bank> Banks, long Entries)> LoadAsync(BankStore store, string[] names, CancellationToken ct)
    {
        var all = await store.ListBanksAsync(ct);
        var unknown = names.Where(n => all.All(s => s.Bank.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new BankStoreException(BankStoreError.NotFound, $"No bank named {string.Join(", ", unknown.Select(n => $"'{n}'"))}.");
        }

        var chosen = all.Select(s => s.Bank).Where(b => names.Length == 0 ? b.Enabled : names.Contains(b.Name)).ToList();
        var feed = await BankMatcherFeed.LoadAsync(store, chosen.Select(b => b.Name).ToList(), ct);

        // A bank named on the command line is scanned even when disabled: the user asked for it.
        foreach (var bank in chosen.Where(b => !b.Enabled))
        {
            feed.Matcher.SetBank(bank with { Enabled = true });
        }

        return (feed.Matcher, chosen, feed.LoadedEntries);
    }

    private static void Emit(ScanLine line, bool json, TextWriter output, TextWriter error, ScanSummary summary, ScanSources sources)
    {
        if (line.Error is not null)
        {
            summary.Errors++;
            error.WriteLine($"aegis scan: {line.Path}: {line.Error}");
            return;
        }

        var matches = line.Result!.Matches;
        if (line.Result.Effective.Any())
        {
            summary.MatchedFiles++;
        }

        foreach (var m in matches)
        {
            summary.Count(m);
            var source = sources.Of(m.EntryId);
            output.WriteLine(json
                ? JsonSerializer.Serialize(new ScanMatchJson(
                    line.Path, m.Bank, m.EntryId, m.Distance, Lower(m.Type), Lower(m.Action), m.Kind == BankKind.Negative, ScanVideoJson.From(m.Video)) { Source = ScanSourceJson.From(source) })
                : Tsv(line.Path, m, source));
        }

        summary.Suppressed += line.Result.Suppressed.Count;
    }

    private static string Tsv(string path, BankMatch m, MatchProvenance? source)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{path}\t{m.Bank}\t{m.EntryId}\t{m.Distance}\t{Lower(m.Type)}\t{Lower(m.Action)}");
        if (m.Video is { } v)
        {
            line = string.Create(CultureInfo.InvariantCulture, $"{line}\t{Lower(v.Rule)}\t{v.QueryPercent:F1}\t{v.CandidatePercent:F1}\t{v.CoveragePercent:F1}");
        }

        // A new last column only for an exchange's entry: a line of an entry of a list keeps its columns.
        return source?.Exchange is null ? line : $"{line}\t{ScanSources.Describe(source)}";
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private sealed class ScanSummary
    {
        private readonly SortedDictionary<string, int> _byBank = new(StringComparer.Ordinal);

        public int Errors { get; set; }

        public int MatchedFiles { get; set; }

        public int Suppressed { get; set; }

        public void Count(BankMatch match) => _byBank[match.Bank] = _byBank.GetValueOrDefault(match.Bank) + 1;

        public void Write(TextWriter error, int files)
        {
            var table = new Table().AddColumns("bank", "matches");
            foreach (var (bank, count) in _byBank)
            {
                table.AddRow(Markup.Escape(bank), count.ToString("N0", CultureInfo.InvariantCulture));
            }

            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"aegis scan: {files:N0} files, {MatchedFiles:N0} matched, {Errors:N0} could not be hashed, {Suppressed:N0} matches cancelled by negative banks"));
            if (_byBank.Count > 0)
            {
                Tables.Write(error, table);
            }
        }
    }
}
