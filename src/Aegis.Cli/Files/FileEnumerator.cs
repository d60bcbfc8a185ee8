namespace Aegis.Cli.Files;

/// <summary>Expands the command's paths: files as given, folders recursively in ordinal name order.</summary>
internal static class FileEnumerator
{
    private static readonly EnumerationOptions Recursive = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = false,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
    };

    public static List<HashTarget> Expand(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var targets = new List<HashTarget>();
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(path))
            {
                targets.Add(new HashTarget(path));
            }
            else if (Directory.Exists(path))
            {
                AddFolder(path, targets);
            }
            else
            {
                targets.Add(new HashTarget(path, "No such file or folder."));
            }
        }

        return targets;
    }

    private static void AddFolder(string folder, List<HashTarget> targets)
    {
        try
        {
            var files = Directory.EnumerateFiles(folder, "*", Recursive).ToList();
            files.Sort(StringComparer.Ordinal);
            targets.AddRange(files.Select(f => new HashTarget(f)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            targets.Add(new HashTarget(folder, $"Cannot read the folder: {e.Message}"));
        }
    }
}
