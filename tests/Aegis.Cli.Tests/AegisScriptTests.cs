namespace Aegis.Cli.Tests;

/// <summary>
/// The repository's <c>./aegis</c> script, run against a copy of it in a scratch tree with a stand-in <c>dotnet</c> on
/// the PATH that logs what it is asked: it builds only when a source is newer than the last good build, quietly, and
/// then runs the built program with every argument as given. Dates are set explicitly (an hour apart), never raced.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // a bash script, with Unix file modes
public sealed class AegisScriptTests : IDisposable
{
    /// <summary>The stand-in: logs each call, one line of arguments in brackets; a build makes the dll (or fails when told).</summary>
    private const string FakeDotnet = """
        #!/usr/bin/env bash
        first=$1; shift
        { printf '%s' "$first"; printf ' [%s]' "$@"; echo; } >>"$FAKE_LOG"
        if [ "$first" = build ]; then
          echo "Build output that a good build keeps to itself"
          [ -n "${FAKE_BUILD_FAILS:-}" ] && { echo "Program.cs(1,1): error CS1002: ; expected"; exit 1; }
          mkdir -p "$FAKE_ROOT/src/Aegis.Cli/bin/Release/net10.0" && touch "$FAKE_ROOT/src/Aegis.Cli/bin/Release/net10.0/aegis.dll"
        fi
        exit 0
        """;

    private static readonly TimeSpan Apart = TimeSpan.FromHours(1);

    private readonly string _root = Directory.CreateTempSubdirectory("aegis-script-").FullName;
    private readonly string _bin;
    private readonly string _log;

    public AegisScriptTests()
    {
        File.Copy(Path.Combine(RepositoryRoot(), "aegis"), Path.Combine(_root, "aegis"));
        Directory.CreateDirectory(Path.Combine(_root, "src/Aegis.Cli/Serve"));
        Directory.CreateDirectory(Path.Combine(_root, "src/Aegis.Server"));
        File.WriteAllText(Path.Combine(_root, "src/Aegis.Cli/Aegis.Cli.csproj"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "src/Aegis.Cli/Serve/ServeCommand.cs"), "// serve");
        File.WriteAllText(Path.Combine(_root, "src/Aegis.Server/Server.cs"), "// server");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "README.md"), "# not a source");
        _bin = Directory.CreateDirectory(Path.Combine(_root, "fake-bin")).FullName;
        File.WriteAllText(Path.Combine(_bin, "dotnet"), FakeDotnet.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(Path.Combine(_bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _log = Path.Combine(_root, "dotnet.log");
        AgeEverything();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_committed_script_is_executable()
    {
        Assert.True(File.GetUnixFileMode(Path.Combine(RepositoryRoot(), "aegis")).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public async Task The_first_run_builds_quietly_then_runs_the_built_program_with_every_argument()
    {
        var run = await RunAsync("hash", "a file with spaces.jpg", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [
                $"build [{_root}/src/Aegis.Cli/Aegis.Cli.csproj] [-c] [Release] [-nologo] [-p:RunAnalyzers=false] [-p:EnforceCodeStyleInBuild=false] [-p:GenerateDocumentationFile=false]",
                $"{_root}/src/Aegis.Cli/bin/Release/net10.0/aegis.dll [hash] [a file with spaces.jpg] [--format] [json]",
            ],
            Calls());
        Assert.DoesNotContain("Build output", run.Output + run.Error);
        Assert.Equal("", run.Output); // stdout is the program's alone: `KEY=$(./aegis apikey create ...)` still works
        Assert.Contains("building", Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_with_nothing_changed_does_not_build()
    {
        await RunAsync("--version");
        AgeEverything();
        File.Delete(_log);

        var run = await RunAsync("serve");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([$"{_root}/src/Aegis.Cli/bin/Release/net10.0/aegis.dll [serve]"], Calls());
        Assert.Equal("", run.Error);
    }

    [Theory]
    [InlineData("src/Aegis.Cli/Serve/ServeCommand.cs")]
    [InlineData("src/Aegis.Server/Server.cs")] // another project's code: aegis.dll's own date would not show it
    [InlineData("src/Aegis.Cli/Aegis.Cli.csproj")]
    [InlineData("Directory.Build.props")]
    public async Task A_source_newer_than_the_last_build_builds_again(string source)
    {
        await RunAsync("--version");
        AgeEverything();
        File.Delete(_log);
        File.SetLastWriteTimeUtc(Path.Combine(_root, source), DateTime.UtcNow);

        var run = await RunAsync("serve");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("build ", Calls()[0], StringComparison.Ordinal);
        Assert.Contains(source, run.Error, StringComparison.Ordinal);
        Assert.Equal(2, Calls().Length);
    }

    [Fact]
    public async Task Newer_files_that_are_not_sources_do_not_build()
    {
        await RunAsync("--version");
        AgeEverything();
        File.Delete(_log);
        File.SetLastWriteTimeUtc(Path.Combine(_root, "README.md"), DateTime.UtcNow);
        Directory.CreateDirectory(Path.Combine(_root, "src/Aegis.Server/obj"));
        File.WriteAllText(Path.Combine(_root, "src/Aegis.Server/obj/project.assets.json"), "{}");

        await RunAsync("serve");

        Assert.Single(Calls());
    }

    [Fact]
    public async Task Aegis_build_always_and_never_override_the_dates()
    {
        await RunAsync("--version");
        AgeEverything();
        File.Delete(_log);

        await RunAsync(new Dictionary<string, string> { ["AEGIS_BUILD"] = "always" }, "serve");
        var always = Calls();
        File.Delete(_log);
        File.SetLastWriteTimeUtc(Path.Combine(_root, "src/Aegis.Server/Server.cs"), DateTime.UtcNow + Apart);
        await RunAsync(new Dictionary<string, string> { ["AEGIS_BUILD"] = "never" }, "serve");

        Assert.StartsWith("build ", always[0], StringComparison.Ordinal);
        Assert.Single(Calls());
    }

    [Fact]
    public async Task A_failed_build_shows_its_output_and_runs_nothing()
    {
        var run = await RunAsync(new Dictionary<string, string> { ["FAKE_BUILD_FAILS"] = "1" }, "serve");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error CS1002", run.Error, StringComparison.Ordinal);
        Assert.Single(Calls()); // the build; the program is not run
        Assert.False(File.Exists(Path.Combine(_root, "src/Aegis.Cli/obj/aegis-built.stamp")), "A failed build is not a good build");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aegis.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Aegis.slnx above {AppContext.BaseDirectory}.");
    }

    private Task<ChildProcessResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs the copied script through <c>env</c>, the stand-in first on the PATH.</summary>
    private Task<ChildProcessResult> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        environment["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}";
        environment["FAKE_LOG"] = _log;
        environment["FAKE_ROOT"] = _root;
        return ChildProcess.RunAsync("env", [.. environment.Select(e => $"{e.Key}={e.Value}"), "bash", Path.Combine(_root, "aegis"), .. args]);
    }

    private string[] Calls() => File.Exists(_log) ? File.ReadAllLines(_log) : [];

    /// <summary>Dates every file an hour back, and the last build's stamp (when there is one) half as far: all sources older than it.</summary>
    private void AgeEverything()
    {
        var then = DateTime.UtcNow - Apart;
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, then);
        }

        var stamp = Path.Combine(_root, "src/Aegis.Cli/obj/aegis-built.stamp");
        if (File.Exists(stamp))
        {
            File.SetLastWriteTimeUtc(stamp, then + (Apart / 2));
        }
    }
}
