using Microsoft.AspNetCore.Connections;

namespace Aegis.Cli.Serve;

/// <summary>What <c>aegis serve</c> says, in one line, when Kestrel could not listen: the address, and what to do.</summary>
internal static class ListenFailure
{
    /// <summary>
    /// The line for <paramref name="failure"/> (Kestrel's bind error) when listening on <paramref name="urls"/> (the
    /// <c>Urls</c> setting, <c>;</c> between several): a taken port names the address and a next port to try; any other
    /// failure names the address and the system's reason ("Cannot assign requested address", "Permission denied").
    /// </summary>
    public static string Describe(Exception failure, string urls)
    {
        var configured = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Kestrel names the address it failed on ("Failed to bind to address http://127.0.0.1:8080: address already in
        // use."), at least when it wraps the socket's error; with a single address there is no doubt anyway.
        var url = configured.FirstOrDefault(u => failure.Message.Contains(u.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                  ?? (configured.Length == 1 ? configured[0] : null);
        var innermost = failure;
        var inUse = false;
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            inUse |= e is AddressInUseException;
            innermost = e;
        }

        if (inUse && url is not null && Uri.TryCreate(Wildcard(url), UriKind.Absolute, out var uri))
        {
            var next = new UriBuilder(uri) { Port = uri.Port == ushort.MaxValue ? 8081 : uri.Port + 1 }.Uri.GetLeftPart(UriPartial.Authority);
            return $"aegis serve: {uri.Authority} is in use by another program; stop it or pass --urls {next}";
        }

        return $"aegis serve: cannot listen on {url ?? urls}: {innermost.Message.TrimEnd('.')}";
    }

    /// <summary>Kestrel's wildcard hosts (<c>http://*:8080</c>, <c>http://+:8080</c>) as an address a Uri can hold.</summary>
    private static string Wildcard(string url) =>
        url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
}
