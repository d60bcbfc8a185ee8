using System.Security.Cryptography;
using Aegis.Server.Hosting;

namespace Aegis.Server.Matching;

/// <summary>Who this node is to the others: its id, where it is called, and the token it accepts (random per process).</summary>
internal sealed class ClusterNodeIdentity(ServerOptions options)
{
    /// <summary>
    /// The node's id: the setting, else the host name and port (stable across restarts, so a node that restarts takes its
    /// own partitions back at once instead of waiting for their leases to run out), else one unique to this process.
    /// </summary>
    public string NodeId { get; } = !string.IsNullOrWhiteSpace(options.ContentIndex.NodeId)
        ? options.ContentIndex.NodeId
        : Port(options) is { } port
            ? $"{Environment.MachineName}:{port}"
            : $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    public string Token { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Where other nodes call this one, or null when it cannot be called (it then answers only for itself).</summary>
    public string? Url { get; set; } = Advertised(options);

    /// <summary>True when <paramref name="presented"/> is this node's token (compared in constant time).</summary>
    public bool Accepts(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(presented), System.Text.Encoding.ASCII.GetBytes(Token));

    /// <summary>The first of <c>Urls</c>, with a wildcard host read as 0.0.0.0 (Kestrel's <c>*</c> and <c>+</c>).</summary>
    private static (string Text, Uri Uri)? FirstUrl(ServerOptions options)
    {
        var first = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null && Uri.TryCreate(first.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? (first, uri)
            : null;
    }

    private static int? Port(ServerOptions options) => FirstUrl(options) is { Uri.Port: > 0 } first ? first.Uri.Port : null;

    private static string? Advertised(ServerOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ContentIndex.AdvertiseUrl))
        {
            return options.ContentIndex.AdvertiseUrl.TrimEnd('/');
        }

        return FirstUrl(options) is { } first && first.Uri.Host is not ("0.0.0.0" or "[::]") && first.Uri.Port > 0 ? first.Text.TrimEnd('/') : null;
    }
}
