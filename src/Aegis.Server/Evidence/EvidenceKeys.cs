using System.Globalization;
using Aegis.CyberTip.Evidence;
using Aegis.Server.Hosting;

namespace Aegis.Server.Evidence;

/// <summary>
/// The vault's <see cref="KeyRing"/> from the settings. Configured keys (<c>Evidence:Keys</c>) always win. Without them
/// (SQLite only: the validator refuses PostgreSQL without a key), the key of the data folder's <see cref="FileName"/> is
/// used, made at first start (readable by this user only) — and logged loudly, as it must be backed up: lose it and
/// every item is unreadable. When keys are configured and that file exists too, its key stays readable (not current),
/// so items wrapped under it can be re-wrapped.
/// </summary>
internal static class EvidenceKeys
{
    /// <summary>The generated key's file in the data folder: one line, <c>&lt;id&gt; &lt;base64&gt;</c>.</summary>
    public const string FileName = "evidence.key";

    /// <summary>The ring, and the path of a key file made now (to be logged), if one was.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="time">For the generated key's id.</param>
    /// <param name="generate">False: a missing key is an error, not made (the CLI never makes the server's key).</param>
    /// <exception cref="ArgumentException">The settings or the key file are not valid, or there is no key and none may be made.</exception>
    public static (KeyRing Ring, string? Generated) Load(ServerOptions options, TimeProvider time, bool generate = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? generated = null;
        var file = string.IsNullOrWhiteSpace(options.Postgres) ? Path.Combine(Path.GetFullPath(options.Data), FileName) : null;
        if (options.Evidence.Keys.Count == 0)
        {
            if (file is null)
            {
                throw new ArgumentException("Evidence:Keys is required with Postgres.");
            }

            if (!File.Exists(file))
            {
                if (!generate)
                {
                    throw new ArgumentException($"No evidence key: Evidence:Keys is not set and {file} does not exist (aegis serve makes it at first start).");
                }

                Write(file, $"local-{time.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}", KeyRing.NewKey());
                generated = file;
            }
        }

        string? fileKeyId = null;
        if (file is not null && File.Exists(file))
        {
            var (id, key) = Read(file);
            keys[id] = key;
            fileKeyId = id;
        }

        foreach (var (id, base64) in options.Evidence.Keys)
        {
            keys[id] = KeyRing.ParseKey(id, base64);
        }

        var current = options.Evidence.CurrentKey ?? (options.Evidence.Keys.Count == 1 ? options.Evidence.Keys.Keys.Single() : fileKeyId)
            ?? throw new ArgumentException("Evidence:CurrentKey is required with more than one key.");
        return (new KeyRing(keys, current), generated);
    }

    private static (string Id, byte[] Key) Read(string file)
    {
        var parts = File.ReadAllText(file).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || KeyRing.ValidateId(parts[0]) is not null)
        {
            throw new ArgumentException($"{file} is not an evidence key file (one line: an id, a space, base64 of 32 bytes).");
        }

        try
        {
            return (parts[0], KeyRing.ParseKey(parts[0], parts[1]));
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{file}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes the key file whole under a temporary name, then moves it into place unless it is there: two nodes on one data
    /// folder starting at once keep one key (the second reads the first's).
    /// </summary>
    private static void Write(string file, string id, string key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = $"{file}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write($"{id} {key}\n");
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another node made it first: its key is the key.
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
