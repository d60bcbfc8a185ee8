namespace Aegis.Cli.Hash;

/// <summary>How <c>aegis hash</c> prints one file.</summary>
internal enum HashOutputFormat
{
    /// <summary>path, pdq, quality, md5, sha256 separated by tabs; errors as path, "ERROR", message.</summary>
    Tsv,

    /// <summary>One JSON object a line.</summary>
    Json,
}
