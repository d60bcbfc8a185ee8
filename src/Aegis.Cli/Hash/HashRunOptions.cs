using Aegis.Hashing.Imaging;

namespace Aegis.Cli.Hash;

/// <summary>The settings of one <c>aegis hash</c> run.</summary>
internal sealed record HashRunOptions(
    HashOutputFormat Format,
    bool Dihedral,
    int Threads,
    ImageLimits Limits,
    bool ShowProgress);
