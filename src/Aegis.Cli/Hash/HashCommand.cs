using System.CommandLine;
using Aegis.Hashing.Imaging;

namespace Aegis.Cli.Hash;

/// <summary><c>aegis hash PATH...</c>: PDQ, MD5 and SHA-256 of every image in the given files and folders.</summary>
internal static class HashCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path")
        {
            Description = "Image files, or folders to hash recursively.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = new Option<HashOutputFormat>("--format", "-f")
        {
            Description = "Output: tsv (path, pdq, quality, md5, sha256) or json (one object a line).",
            DefaultValueFactory = _ => HashOutputFormat.Tsv,
        };
        var dihedral = new Option<bool>("--dihedral")
        {
            Description = "Also print the PDQ hashes of the 8 rotations and flips.",
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Files hashed at once (default: all cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        threads.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--threads must be at least 1.");
            }
        });
        var maxPixels = new Option<long>("--max-pixels")
        {
            Description = "Refuse images whose header declares more pixels than this (checked before decoding).",
            DefaultValueFactory = _ => ImageLimits.DefaultMaxPixels,
        };
        maxPixels.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<long>();
            if (value < 25 || value > ImageLimits.MaxSupportedPixels)
            {
                r.AddError($"--max-pixels must be between 25 and {ImageLimits.MaxSupportedPixels}.");
            }
        });
        var noProgress = new Option<bool>("--no-progress")
        {
            Description = "Never show the progress bar.",
        };

        var command = new Command("hash", "Hash images: PDQ (with quality), MD5 and SHA-256, one line a file.")
        {
            paths, format, dihedral, threads, maxPixels, noProgress,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new HashRunOptions(
                parse.GetRequiredValue(format),
                parse.GetValue(dihedral),
                parse.GetValue(threads),
                new ImageLimits { MaxPixels = parse.GetValue(maxPixels) },
                ShowProgress: !parse.GetValue(noProgress));
            var runner = new HashRunner(options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            return Task.FromResult(runner.Run(parse.GetRequiredValue(paths), cancellationToken));
        });
        return command;
    }
}
