using Microsoft.AspNetCore.Connections;

namespace Aegis.Cli.Serve;

/// <summary>What <c>aegis serve</c> says, in one line, when Kestrel could not listen: the address, and what to do.</summary>
internal static class ListenFailure
{
    /// <summary>
    /// The line for <paramref name="failure"/> (Kestrel's bind error) when listening on <paramref name="urls"/> (the
    /// <c>Urls</c> setting, <c>;</c> between several): a taken port names the address and a next port to try.
    /// </summary>
    public static string Describe(IOException failure, string urls)
    {
        var configured = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Kestrel names the address it failed on ("Failed to bind to address http://127.0.0.1:8080: address already in use.").
        var url = configured.FirstOrDefault(u => failure.Message.Contains(u.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                  ?? configured.FirstOrDefault();
        if (!InUse(failure) || url is null || !Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return $"aegis serve: cannot listen: {failure.Message}";
        }

        var next = new UriBuilder(uri) { Port = uri.Port == ushort.MaxValue ? 8081 : uri.Port + 1 }.Uri.GetLeftPart(UriPartial.Authority);
        return $"aegis serve: {uri.Authority} is in use by another program; stop it or pass --urls {next}";
    }

    private static bool InUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException)
            {
                return true;
            }
        }

        return false;
    }
}
